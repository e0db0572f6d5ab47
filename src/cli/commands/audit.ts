import type { Command } from 'commander';
import { table } from '../output.js';
import { positiveInt, withRegistry } from '../run.js';

/** `audit list` and `audit verify`. */
export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained record of every change');
  audit
    .command('list')
    .description('list audit events, oldest first')
    .option('--subject <uri>', 'only events about this model or version (models:/name or models:/name/3)')
    .option('--action <action>', 'only this action, e.g. alias.set')
    .option('--limit <n>', 'at most the newest n events', '100')
    .action((flags: { subject?: string; action?: string; limit: string }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const events = await registry.listAudit({
          ...(flags.subject ? { subject: flags.subject } : {}),
          ...(flags.action ? { action: flags.action } : {}),
          limit: positiveInt(flags.limit, '--limit'),
        });
        out.result(events, () => table(['#', 'at', 'actor', 'action', 'subject', 'details'], events.map((e) => [e.seq, e.at, e.actor, e.action, e.subject, JSON.stringify(e.details)])));
      }),
    );
  audit
    .command('verify')
    .description('walk the hash chain and name the first event that was edited, removed or reordered')
    .action((_flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const result = await registry.verifyAudit();
        if (!result.ok) {
          const { mpError } = await import('../../core/index.js');
          throw mpError('MP_AUDIT_BROKEN', result.brokenAt, result.reason);
        }
        out.result(result, () => `audit chain intact: ${result.events} events, head ${result.head.slice(0, 16)}…`);
      }),
    );
}
