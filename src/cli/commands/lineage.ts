import type { Command } from 'commander';
import { bytes, fields, table } from '../output.js';
import { withRegistry } from '../run.js';

/** `lineage <uri>`: recorded lineage, the artifact, and the version's audit history. */
export function lineageCommand(program: Command): void {
  program
    .command('lineage <uri>')
    .description('where a version came from and everything that happened to it since')
    .action((uri: string, _flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const view = await registry.lineage(uri);
        const v = view.version;
        out.result(view, () =>
          [
            fields([
              ['version', v.uri],
              ['artifact', `${v.digest} (${bytes(v.sizeBytes)}, from ${v.sourceFile})`],
              ['registered', `${v.createdAt} by ${v.createdBy}`],
              ...view.lineage.map((l) => [l.key, l.value] as const),
            ]),
            table(['#', 'at', 'actor', 'action', 'details'], view.history.map((e) => [e.seq, e.at, e.actor, e.action, JSON.stringify(e.details)])),
          ].join('\n\n'),
        );
      }),
    );
}
