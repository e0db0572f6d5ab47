import type { Command } from 'commander';
import { table } from '../output.js';
import { positiveInt, withRegistry } from '../run.js';

/** `alias set|delete|history`. */
export function aliasCommand(program: Command): void {
  const alias = program.command('alias').description('movable names for versions (champion, challenger, …); every move is kept');
  alias
    .command('set <name> <alias> <version>')
    .description('point an alias at a version (protected aliases such as champion need approvals and a passing validation)')
    .option('--force', 'take a protected alias although the latest validation failed (recorded in the audit trail)')
    .action((name: string, aliasName: string, version: string, flags: { force?: boolean }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const v = await registry.setAlias(name, aliasName, positiveInt(version), { force: Boolean(flags.force) });
        out.result(v, () => `${name}@${aliasName} → version ${v.version}`);
      }),
    );
  alias
    .command('delete <name> <alias>')
    .description('remove an alias (its history is kept)')
    .action((name: string, aliasName: string, _flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        await registry.deleteAlias(name, aliasName);
        out.result({ model: name, alias: aliasName, deleted: true }, () => `deleted ${name}@${aliasName}`);
      }),
    );
  alias
    .command('history <name>')
    .description('every alias move of a model: who, when, from which version to which')
    .action((name: string, _flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const moves = await registry.aliasHistory(name);
        out.result(moves, () => table(['alias', 'from', 'to', 'by', 'at'], moves.map((m) => [`@${m.alias}`, m.from, m.to, m.by, m.at])));
      }),
    );
}
