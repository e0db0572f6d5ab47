import type { Command } from 'commander';
import { withRegistry } from '../run.js';

/** `stage <uri> <None|Staging|Production|Archived> [--archive-existing] [--force]`. */
export function stageCommand(program: Command): void {
  program
    .command('stage <uri> <stage>')
    .description('move a version to None, Staging, Production or Archived (Production needs the policy\'s approvals)')
    .option('--archive-existing', 'archive the versions already in that stage')
    .option('--force', 'enter Production although the latest validation failed (recorded in the audit trail)')
    .action((uri: string, stageName: string, flags: { archiveExisting?: boolean; force?: boolean }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const { parseStage } = await import('../../registry/index.js');
        const v = await registry.setStage(uri, parseStage(stageName), { archiveExisting: Boolean(flags.archiveExisting), force: Boolean(flags.force) });
        out.result(v, () => `${v.uri} is in ${v.stage}`);
      }),
    );
}
