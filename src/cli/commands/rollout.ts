import type { Command } from 'commander';
import type { RolloutSnapshot } from '../../contract/index.js';
import { createApiClient } from '../http-client.js';
import { withConfig } from '../run.js';
import { exitCodeOf, showRollout } from './_rollout-view.js';
import { watchRollout } from './_watch.js';

const ACTIONS = {
  pause: 'hold the rollout where it is',
  resume: 'continue a paused rollout (a step that paused itself counts as done)',
  promote: 'skip the remaining steps and promote now',
  abort: 'send all traffic back to stable and unload the new version',
} as const;

/** `rollout status|watch|pause|resume|promote|abort <endpoint>`. */
export function rolloutCommand(program: Command): void {
  const rollout = program.command('rollout').description('follow and steer the rollout of an endpoint');
  rollout.command('status <endpoint>').description('where the rollout stands and its last analysis, with the numbers behind each verdict').action((endpoint: string, _f: unknown, cmd: Command) =>
    withConfig(cmd, async (config, out) => {
      const s = await createApiClient(config.server, config.actor).request<RolloutSnapshot>('GET', `/api/v1/rollouts/${encodeURIComponent(endpoint)}`);
      out.result(s, () => showRollout(s));
    }),
  );
  rollout.command('watch <endpoint>').description('follow live; exit 0 when it succeeds, 1 when it is rolled back, aborted or fails').action((endpoint: string, _f: unknown, cmd: Command) =>
    withConfig(cmd, async (config, out) => {
      const api = createApiClient(config.server, config.actor);
      process.exitCode = await watchRollout(config.server, endpoint, () => api.request<RolloutSnapshot>('GET', `/api/v1/rollouts/${encodeURIComponent(endpoint)}`), out);
    }),
  );
  for (const [action, description] of Object.entries(ACTIONS)) {
    rollout.command(`${action} <endpoint>`).description(description).action((endpoint: string, _f: unknown, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const s = await createApiClient(config.server, config.actor).request<RolloutSnapshot>('POST', `/api/v1/rollouts/${encodeURIComponent(endpoint)}/${action}`);
        out.result(s, () => `${s.endpoint}: ${s.phase} — ${s.message}`);
        if (action === 'abort' && exitCodeOf(s) === undefined) process.exitCode = 1;
      }),
    );
  }
}
