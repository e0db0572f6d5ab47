import type { Command } from 'commander';
import { table } from '../output.js';
import { withRegistry } from '../run.js';

/** `retention apply <policy.yaml> [--dry-run]`. */
export function retentionCommand(program: Command): void {
  const retention = program.command('retention').description('archive old versions by policy');
  retention
    .command('apply <policy>')
    .description('archive versions beyond each stage\'s maxVersions or maxAgeDays; never one holding an alias or in Production')
    .option('--dry-run', 'print what would be archived and change nothing')
    .action((file: string, flags: { dryRun?: boolean }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const [{ readSpecFile }, { RetentionPolicy }] = await Promise.all([import('../../app/index.js'), import('../../contract/index.js')]);
        const policy = await readSpecFile(file, RetentionPolicy);
        const result = await registry.applyRetention(policy, { dryRun: Boolean(flags.dryRun) });
        out.result(result, () => {
          const verb = result.dryRun ? 'would archive' : 'archived';
          const acted = result.actions.length
            ? table(['model', 'version', 'from', 'reason'], result.actions.map((a) => [a.model, a.version, a.from, a.reason]))
            : 'nothing to archive';
          const kept = result.kept.length ? `\nkept:\n${table(['model', 'version', 'reason'], result.kept.map((k) => [k.model, k.version, k.reason]))}` : '';
          return `${verb} ${result.actions.length} version(s)${result.dryRun ? ' (dry run: nothing changed)' : ''}\n${acted}${kept}`;
        });
      }),
    );
}
