import { CsvSyntaxError, mpError, parseCsv } from '../../core/index.js';
import type { Feeds, NonFinitePolicy } from '../feeds.js';
import { rowsToFeeds } from '../feeds.js';
import type { ModelLayout } from '../model-layout.js';
import type { Predictions } from '../predictions.js';

const FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/**
 * Decodes MLflow's scoring formats: `dataframe_split`, `dataframe_records`, `instances`, `inputs` (+ `params`),
 * or CSV text with a header row.
 */
export function decodeMlflow(body: unknown, layout: ModelLayout, policy: NonFinitePolicy, maxRows: number): Feeds {
  if (typeof body === 'string') return rowsToFeeds(layout, csvRows(body, layout), policy, maxRows);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw usage('the body is not a JSON object');
  const present = FORMATS.filter((f) => f in (body as object));
  if (present.length !== 1) throw usage(present.length ? `it has ${present.join(' and ')}` : 'it has none of them');
  const value = (body as Record<string, unknown>)[present[0]!];
  return rowsToFeeds(layout, rowsOf(present[0]!, value, layout), policy, maxRows);
}

function usage(problem: string): Error {
  return mpError('MP_SERVING_INPUT_INVALID', `an MLflow request needs exactly one of ${FORMATS.join(', ')}: ${problem}`, 'see https://mlflow.org/docs/latest/deployment/deploy-model-locally.html');
}

function rowsOf(format: (typeof FORMATS)[number], value: unknown, layout: ModelLayout): unknown[] {
  if (format === 'dataframe_split') return splitRows(value);
  if (format === 'inputs' && value !== null && typeof value === 'object' && !Array.isArray(value)) return tensorRows(value as Record<string, unknown>, layout);
  if (!Array.isArray(value)) throw usage(`${format} is not a list`);
  return value;
}

function splitRows(value: unknown): unknown[] {
  const { columns, data } = (value ?? {}) as { columns?: unknown; data?: unknown };
  if (!Array.isArray(data)) throw usage('dataframe_split has no data list');
  if (columns === undefined) return data;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) throw usage('dataframe_split.columns is not a list of names');
  return data.map((row) => (Array.isArray(row) ? Object.fromEntries(columns.map((c, i) => [c, row[i]])) : row));
}

/** `{"inputs": {"input": [[…], […]]}}`: one named tensor per model input, rows along the first axis. */
function tensorRows(value: Record<string, unknown>, layout: ModelLayout): unknown[] {
  if (layout.inputs.length !== 1) return columnRows(value, layout);
  const rows = value[layout.inputs[0]!.name];
  if (!Array.isArray(rows)) throw usage(`inputs has no '${layout.inputs[0]!.name}' list`);
  return rows.map((r) => (Array.isArray(r) ? r.flat(8) : [r]));
}

function columnRows(value: Record<string, unknown>, layout: ModelLayout): unknown[] {
  const columns = layout.inputs.map((s) => value[s.name]);
  if (!columns.every(Array.isArray)) throw usage(`inputs needs a list for each of ${layout.inputs.map((s) => s.name).join(', ')}`);
  const n = (columns[0] as unknown[]).length;
  return Array.from({ length: n }, (_, r) => columns.map((c) => [(c as unknown[])[r]].flat(8)[0]));
}

function csvRows(text: string, layout: ModelLayout): unknown[] {
  try {
    const table = parseCsv(text);
    const named = table.header.every((h) => layout.columnOf.has(h));
    const toValue = (v: string): number | null => (v.trim() === '' ? null : Number(v));
    return table.rows.map((row) => (named ? Object.fromEntries(table.header.map((h, i) => [h, toValue(row[i]!)])) : row.map(toValue)));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw mpError('MP_SERVING_BODY_INVALID', 'CSV', e.message);
    throw e;
  }
}

/** `{"predictions": …}`: a list of values for one output, else a record per row keyed by output. */
export function encodeMlflow(p: Predictions): string {
  if (p.values) return JSON.stringify({ predictions: p.values });
  const rows = (p.labels ?? p.probabilities ?? []).length;
  const records = Array.from({ length: rows }, (_, r) => ({
    ...(p.labels ? { label: p.labels[r] } : {}),
    ...(p.probabilities ? { probabilities: p.probabilities[r] } : {}),
  }));
  return JSON.stringify({ predictions: records });
}
