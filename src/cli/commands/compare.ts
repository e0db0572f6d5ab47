import type { Command } from 'commander';
import type { Comparison } from '../../registry/index.js';
import { table } from '../output.js';
import { positiveInt, withRegistry } from '../run.js';

/** `compare <name> <v1> <v2>`. */
export function compareCommand(program: Command): void {
  program
    .command('compare <name> <v1> <v2>')
    .description('compare two versions: metrics, params, tags, signature, digest, and which to prefer')
    .action((name: string, v1: string, v2: string, _flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const c = await registry.compare(name, positiveInt(v1), positiveInt(v2));
        out.result(c, () => showComparison(c));
      }),
    );
}

function showComparison(c: Comparison): string {
  const pct = (p: number | null): string => (p === null ? '-' : `${p >= 0 ? '+' : ''}${p.toFixed(2)}%`);
  const metrics = table(['metric', c.a, c.b, 'diff', 'change'], c.metrics.map((m) => [m.name, m.a, m.b, m.diff, pct(m.pctChange)]));
  const changed = [...c.params.map((p) => ['param', p] as const), ...c.tags.map((t) => ['tag', t] as const)].filter(([, d]) => !d.same);
  const diffs = changed.length ? table(['kind', 'name', c.a, c.b], changed.map(([kind, d]) => [kind, d.name, d.a, d.b])) : 'params and tags: identical';
  return [
    metrics,
    diffs,
    `signature: ${c.signatureSame ? 'identical' : 'DIFFERENT'}    artifact: ${c.digestSame ? 'same bytes' : 'different bytes'}`,
    `recommendation: ${c.recommendation.reason}`,
  ].join('\n\n');
}
