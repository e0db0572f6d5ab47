import type { Command } from 'commander';
import { table } from '../output.js';
import { withConfig } from '../run.js';

/** `demo`: the whole loop on the embedded default, in a fresh home. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the guided tour in a fresh home: register real models, govern, compare, catalog, verify the audit trail')
    .action((_flags: unknown, cmd: Command) =>
      withConfig(cmd, async (config, out) => {
        const { runDemo } = await import('../../app/index.js');
        const result = await runDemo(config, {
          step: (title) => out.note(`\n▶ ${title}`),
          show: (text) => out.note(`  ${text}`),
          table: (head, rows) => out.note(table(head, rows)),
        });
        out.result(result, () => `\ndemo finished. Explore it with:\n  modelpilot --home ${result.home} models list\n  modelpilot --home ${result.home} catalog`);
      }),
    );
}
