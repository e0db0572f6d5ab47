import type { Command } from 'commander';
import type { EndpointView } from '../../contract/index.js';
import { parseModelUri } from '../../core/index.js';
import { createApiClient } from '../http-client.js';
import { table } from '../output.js';
import { withConfig } from '../run.js';

/** `deploy <uri> [--endpoint E]`, `endpoints list`, `traffic <endpoint>`: talk to a running server. */
export function deployCommands(program: Command): void {
  program
    .command('deploy <uri>')
    .description('switch an endpoint of the running server to this version at once (load, verify, warm up, swap; the old version serves until then)')
    .option('--endpoint <name>', 'endpoint (default: the model name)')
    .action((uri: string, flags: { endpoint?: string }, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const endpoint = flags.endpoint ?? parseModelUri(uri).name;
        const view = await createApiClient(config.server, config.actor).request<EndpointView>('POST', `/api/v1/endpoints/${encodeURIComponent(endpoint)}/deploy`, { model: uri });
        out.result(view, () => `endpoint ${view.name} now serves ${served(view)} (revision ${view.plan.revision})`);
      }),
    );
  const endpoints = program.command('endpoints').description('endpoints of the running server');
  endpoints.command('list').description('list endpoints and what serves them').action((_flags: unknown, cmd: Command) =>
    withConfig(cmd, async (config, out) => {
      const list = await createApiClient(config.server, config.actor).request<EndpointView[]>('GET', '/api/v1/endpoints');
      out.result(list, () => table(['endpoint', 'state', 'versions', 'revision', 'updated'], list.map((e) => [e.name, e.state, served(e), e.plan.revision, e.updatedAt])));
    }),
  );
  program
    .command('traffic <endpoint>')
    .description("show an endpoint's serving plan: versions, roles, weights, mirroring")
    .action((endpoint: string, _flags: unknown, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const view = await createApiClient(config.server, config.actor).request<EndpointView>('GET', `/api/v1/endpoints/${encodeURIComponent(endpoint)}`);
        out.result(view, () =>
          [
            `endpoint ${view.name} (${view.state}, revision ${view.plan.revision}, mirror ${view.plan.mirrorPercent}%)`,
            table(['version', 'role', 'weight', 'in flight'], view.plan.versions.map((v) => [`models:/${v.model}/${v.version}`, v.role, `${v.weight}%`, view.served.find((s) => s.version === v.version)?.inflight ?? '-'])),
          ].join('\n'),
        );
      }),
    );
}

function served(view: EndpointView): string {
  return view.plan.versions.map((v) => `models:/${v.model}/${v.version}${v.weight === 100 ? '' : ` ${v.weight}%`}`).join(', ');
}
