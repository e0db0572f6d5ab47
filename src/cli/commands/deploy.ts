import type { Command } from 'commander';
import type { EndpointView, RolloutSnapshot, RolloutSpec } from '../../contract/index.js';
import { mpError, parseModelUri, STRATEGIES } from '../../core/index.js';
import { createApiClient } from '../http-client.js';
import { withConfig } from '../run.js';
import { showRollout } from './_rollout-view.js';
import { watchRollout } from './_watch.js';

interface DeployFlags {
  endpoint?: string;
  strategy?: string;
  spec?: string;
  watch?: boolean;
  autoPromote?: boolean;
  sticky?: string;
  force?: boolean;
}

const STRATEGY_NAMES: readonly string[] = STRATEGIES;

/** `deploy <uri> [--endpoint E] [--strategy S] [--spec file] [--watch]`. */
export function deployCommand(program: Command): void {
  program
    .command('deploy <uri>')
    .description('deploy a version to an endpoint of the running server: at once, or progressively with --strategy / --spec')
    .option('--endpoint <name>', 'endpoint (default: the model name)')
    .option('--strategy <strategy>', `progressive delivery: ${STRATEGY_NAMES.join(', ')}`)
    .option('--spec <file>', 'rollout spec (YAML or JSON): steps, analysis, sticky key, onSuccess, onFailure, notify')
    .option('--sticky <key>', 'sticky routing key, e.g. header:x-user-id or cookie:uid')
    .option('--auto-promote', 'shadow and A/B: promote when the analyses pass')
    .option('--watch', 'follow the rollout; exit 0 when it succeeds, 1 when it is rolled back, aborted or fails')
    .option('--force', 'deploy to a production endpoint although the version failed its latest validation (audited)')
    .action((uri: string, flags: DeployFlags, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const api = createApiClient(config.server, config.actor);
        const endpoint = flags.endpoint ?? parseModelUri(uri).name;
        if (!flags.strategy && !flags.spec) {
          const view = await api.request<EndpointView>('POST', `/api/v1/endpoints/${encodeURIComponent(endpoint)}/deploy`, { model: uri, ...(flags.force ? { force: true } : {}) });
          return out.result(view, () => `endpoint ${view.name} now serves ${view.plan.versions.map((v) => `models:/${v.model}/${v.version}`).join(', ')} (revision ${view.plan.revision})`);
        }
        const started = await api.request<RolloutSnapshot>('POST', '/api/v1/rollouts', await specOf(uri, endpoint, flags));
        if (!flags.watch) return out.result(started, () => showRollout(started));
        process.exitCode = await watchRollout(config.server, started.endpoint, () => api.request<RolloutSnapshot>('GET', `/api/v1/rollouts/${encodeURIComponent(started.endpoint)}`), out);
      }),
    );
}

async function specOf(uri: string, endpoint: string, flags: DeployFlags): Promise<RolloutSpec> {
  if (flags.strategy && !STRATEGY_NAMES.includes(flags.strategy)) throw mpError('MP_USAGE', `--strategy ${flags.strategy} is not one of ${STRATEGY_NAMES.join(', ')}`);
  const overrides = {
    model: uri,
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    ...(flags.strategy ? { strategy: flags.strategy } : {}),
    ...(flags.sticky ? { stickyKey: flags.sticky } : {}),
    ...(flags.autoPromote ? { autoPromote: true } : {}),
    ...(flags.force ? { force: true } : {}),
  };
  const [{ readSpecFile }, { RolloutSpec, checkValue }] = await Promise.all([import('../../app/index.js'), import('../../contract/index.js')]);
  if (flags.spec) return readSpecFile(flags.spec, RolloutSpec, overrides);
  const checked = checkValue(RolloutSpec, { endpoint, ...overrides });
  if (!checked.ok) throw mpError('MP_USAGE', checked.problems.join('; '));
  return checked.value;
}
