import type { Command } from 'commander';
import type { ModelVersion, ValidationRun } from '../../contract/index.js';
import { bytes, fields, table } from '../output.js';
import { withRegistry } from '../run.js';

/** `versions list <name> [--stage S]` and `versions show <uri>`. */
export function versionsCommand(program: Command): void {
  const versions = program.command('versions').description('list and show the versions of a model');
  versions
    .command('list <name>')
    .description('list versions, newest first')
    .option('--stage <stage>', 'only versions in this stage (None, Staging, Production, Archived)')
    .action((name: string, flags: { stage?: string }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const { parseStage } = await import('../../registry/index.js');
        const list = await registry.listVersions(name, flags.stage ? parseStage(flags.stage) : undefined);
        out.result(list, () =>
          table(['version', 'stage', 'aliases', 'metrics', 'created', 'by'], list.map((v) => [v.version, v.stage, v.aliases, v.metrics, v.createdAt, v.createdBy])),
        );
      }),
    );
  versions
    .command('show <uri>')
    .description('show one version: models:/name/3, models:/name@alias, name/3 or name@alias')
    .action((uri: string, _flags: unknown, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const version = await registry.getVersion(uri);
        const validation = await registry.latestValidation(version.uri);
        out.result({ ...version, validation: validation && compactRun(validation) }, () => `${showVersion(version)}\n${showValidation(validation)}`);
      }),
    );
}

/** The latest validation without the gates' details (the full run: modelpilot validate … --json). */
function compactRun(run: ValidationRun): Omit<ValidationRun, 'results' | 'policy'> & { results: Omit<ValidationRun['results'][number], 'details'>[] } {
  const { results, policy: _policy, ...rest } = run;
  return { ...rest, results: results.map(({ details: _details, ...r }) => r) };
}

function showValidation(run: ValidationRun | null): string {
  if (!run) return fields([['validation', 'never validated (modelpilot validate <uri>)']]);
  const failing = run.results.filter((r) => r.outcome === 'Fail' || r.outcome === 'Error').map((r) => `${r.gate} (${r.outcome})`);
  const head = `${run.outcome} — ${run.passed}/${run.total} passed${failing.length ? `, blocking: ${failing.join(', ')}` : ''} (run ${run.id}, ${run.at} by ${run.actor})`;
  return fields([['validation', head], ...run.results.map((r) => [`  ${r.gate}`, `${r.outcome}: ${r.message}`] as const)]);
}

export function showVersion(v: ModelVersion): string {
  const tensors = (list: ModelVersion['signature']['inputs']): string[] => list.map((t) => `${t.name} ${t.dtype}[${t.shape.map((d) => d ?? '?').join(',')}]`);
  return fields([
    ['uri', v.uri],
    ['stage', v.stage],
    ['aliases', v.aliases.map((a) => `@${a}`)],
    ['digest', v.digest],
    ['size', bytes(v.sizeBytes)],
    ['inputs', tensors(v.signature.inputs)],
    ['outputs', tensors(v.signature.outputs)],
    ['features', v.signature.featureNames ?? '-'],
    ['metrics', v.metrics],
    ['params', v.params],
    ['tags', v.tags],
    ['lineage', v.lineage],
    ['profile', v.hasProfile ? 'yes' : 'no'],
    ['approvals', v.approvals.map((a) => `${a.decision} by ${a.by}${a.notes ? ` (${a.notes})` : ''}`)],
    ['created', `${v.createdAt} by ${v.createdBy} from ${v.sourceFile}`],
  ]);
}
