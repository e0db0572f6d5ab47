import type { Command } from 'commander';
import type { CatalogRow } from '../../registry/index.js';
import { bytes, table } from '../output.js';
import { withRegistry } from '../run.js';

const COLUMNS = [
  'model', 'version', 'stage', 'aliases', 'createdBy', 'createdAt', 'sizeBytes', 'digest', 'primaryMetric', 'primaryMetricValue',
  'metrics', 'approvals', 'approvalsRequired', 'complianceLevel', 'dataClassification', 'retentionDays',
] as const;

/** `catalog [--format table|json|csv]`: one row per version with its model's governance fields. */
export function catalogCommand(program: Command): void {
  program
    .command('catalog')
    .description('every version of every model with stage, aliases, creator, size, key metrics and governance fields')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((flags: { format: string }, cmd: Command) =>
      withRegistry(cmd, async ({ registry, out }) => {
        const { mpError } = await import('../../core/index.js');
        if (!['table', 'json', 'csv'].includes(flags.format)) throw mpError('MP_USAGE', `--format ${flags.format} is not one of table, json, csv`);
        const rows = await registry.catalog();
        if (out.json) out.result(rows, () => '');
        else if (flags.format === 'csv') out.text(toCsv(rows));
        else if (flags.format === 'json') out.text(`${JSON.stringify(rows, null, 2)}\n`);
        else out.result(rows, () => table(['model', 'v', 'stage', 'aliases', 'by', 'size', 'primary metric', 'approvals', 'compliance', 'class'], rows.map(human)));
      }),
    );
}

function human(r: CatalogRow): unknown[] {
  const primary = r.primaryMetric ? `${r.primaryMetric}=${r.primaryMetricValue ?? '-'}` : '-';
  return [r.model, r.version, r.stage, r.aliases, r.createdBy, bytes(r.sizeBytes), primary, `${r.approvals}/${r.approvalsRequired}`, r.complianceLevel, r.dataClassification];
}

/** RFC 4180 CSV; lists joined by ';', metrics as k=v;k=v. */
export function toCsv(rows: readonly CatalogRow[]): string {
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.join(';');
    if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(';');
    return String(v);
  };
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => quote(text(r[c]))).join(','))];
  return `${lines.join('\n')}\n`;
}
