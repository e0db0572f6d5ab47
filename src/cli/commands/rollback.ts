import type { Command } from 'commander';
import type { RollbackResult } from '../../rollout/index.js';
import { createApiClient } from '../http-client.js';
import { positiveInt, withConfig } from '../run.js';

/** `rollback <endpoint> [--to <version>]`. */
export function rollbackCommand(program: Command): void {
  program
    .command('rollback <endpoint>')
    .description('put the previous version back (instant while it is still loaded after a promotion); abort a rollout in progress')
    .option('--to <version>', 'roll back to this version of the model instead')
    .action((endpoint: string, flags: { to?: string }, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const body = flags.to === undefined ? {} : { to: positiveInt(flags.to) };
        const result = await createApiClient(config.server, config.actor).request<RollbackResult>('POST', `/api/v1/endpoints/${encodeURIComponent(endpoint)}/rollback`, body);
        out.result(result, () =>
          result.kind === 'rollout'
            ? `${endpoint}: ${result.rollout.message}`
            : `${endpoint} now serves ${result.endpoint.plan.versions.map((v) => `models:/${v.model}/${v.version}`).join(', ')}`,
        );
      }),
    );
}
