import { mpError, type CsvTable } from '../../core/index.js';

/** Holdout data, column-major: the model's feature columns as numbers, the target, and any column as text. */
export interface Holdout {
  readonly source: string;
  readonly rows: number;
  readonly header: readonly string[];
  /** The columns fed to the model, in the model's order. */
  readonly featureNames: readonly string[];
  /** One column per feature; NaN where a cell is missing or not a number. */
  readonly features: readonly Float64Array[];
  /** Cells per feature that are present but not numbers (a data problem the signature gate reports). */
  readonly nonNumeric: Readonly<Record<string, number>>;
  readonly targetName: string;
  readonly target: Float64Array;
  /** The trimmed text of a column, or undefined when the header has no such column. */
  column(name: string): readonly string[] | undefined;
}

export interface HoldoutOptions {
  readonly source: string;
  readonly target: string;
  /** The model's feature names, in order; default every column but the target and `exclude`. */
  readonly featureNames?: readonly string[];
  /** Columns that are not features (a protected attribute). */
  readonly exclude?: readonly string[];
}

const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'None']);

/**
 * Reads a parsed CSV as holdout data. Throws MP_GATES_DATA_INVALID when the target or a feature column is absent or
 * the target is not numeric (class indices or values).
 * @example const h = holdoutFromTable(parseCsv(text), { source: 'holdout.csv', target: 'target' });
 */
export function holdoutFromTable(table: CsvTable, options: HoldoutOptions): Holdout {
  const { source } = options;
  if (table.rows.length === 0) throw mpError('MP_GATES_DATA_INVALID', source, 'has a header but no rows');
  const index = (name: string): number => {
    const i = table.header.indexOf(name);
    if (i < 0) throw mpError('MP_GATES_DATA_INVALID', source, `has no column '${name}'; its columns are ${table.header.join(', ')}`);
    return i;
  };
  const targetIndex = index(options.target);
  const exclude = new Set([options.target, ...(options.exclude ?? [])]);
  const featureNames = options.featureNames ?? table.header.filter((h) => !exclude.has(h));
  const nonNumeric: Record<string, number> = {};
  const features = featureNames.map((name) => {
    const { values, bad } = numericColumn(table, index(name));
    if (bad > 0) nonNumeric[name] = bad;
    return values;
  });
  const target = numericColumn(table, targetIndex);
  if (target.bad > 0) throw mpError('MP_GATES_DATA_INVALID', source, `target '${options.target}' has ${target.bad} non-numeric values; use class indices 0..k-1 or numbers`);
  const texts = new Map<string, string[]>();
  return {
    source,
    rows: table.rows.length,
    header: table.header,
    featureNames,
    features,
    nonNumeric,
    targetName: options.target,
    target: target.values,
    column(name) {
      const i = table.header.indexOf(name);
      if (i < 0) return undefined;
      if (!texts.has(name)) texts.set(name, table.rows.map((row) => (row[i] ?? '').trim()));
      return texts.get(name);
    },
  };
}

/** Numbers of one column; missing cells (pandas' defaults) are NaN, other non-numbers are NaN and counted as bad. */
function numericColumn(table: CsvTable, index: number): { values: Float64Array; bad: number } {
  const rows = table.rows;
  const values = new Float64Array(rows.length);
  let bad = 0;
  for (let r = 0; r < rows.length; r++) {
    const cell = rows[r]![index] ?? '';
    // Number() ignores surrounding blanks; only a NaN, or a 0 that may be a blank cell, needs a closer look.
    let v = Number(cell);
    if (Number.isNaN(v) || (v === 0 && cell.trim() === '')) {
      if (!MISSING.has(cell.trim())) bad++;
      v = Number.NaN;
    }
    values[r] = v;
  }
  return { values, bad };
}
