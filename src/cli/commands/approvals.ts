import type { Command } from 'commander';
import { withRegistry } from '../run.js';

/** `approve <uri> --by <who> [--notes]` and `reject <uri> --by <who> --notes`. */
export function approvalCommands(program: Command): void {
  for (const decision of ['approve', 'reject'] as const) {
    program
      .command(`${decision} <uri>`)
      .description(decision === 'approve' ? 'approve a version for production' : 'reject a version (blocks production until the same approver approves)')
      .requiredOption('--by <who>', 'who decides')
      .option('--notes <text>', decision === 'approve' ? 'why' : 'why (required)')
      .action((uri: string, flags: { by: string; notes?: string }, cmd: Command) =>
        withRegistry(cmd, async ({ registry, out }) => {
          const input = { by: flags.by, ...(flags.notes !== undefined ? { notes: flags.notes } : {}) };
          const v = decision === 'approve' ? await registry.approve(uri, input) : await registry.reject(uri, input);
          out.result(v, () => `${v.uri} ${decision === 'approve' ? 'approved' : 'rejected'} by ${flags.by}`);
        }),
      );
  }
}
