import type { CsvTable } from '../../core/index.js';

/** Cell texts (after trimming) that mean "no value", as pandas' `read_csv` reads them by default. */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'None']);

/** A numeric column: one cell per row, null where the value is missing. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly cells: readonly (number | null)[];
  readonly missing: number;
}

/** A categorical column: trimmed cell text per row, null where the value is missing. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly cells: readonly (string | null)[];
  readonly missing: number;
}

export type Column = NumericColumn | CategoricalColumn;

/**
 * Reads column `index` of `table`, typed numeric when every present value is a finite number.
 * A column with no present values at all is categorical: there is nothing to bin.
 */
export function readColumn(table: CsvTable, index: number): Column {
  const name = table.header[index] ?? '';
  const texts = table.rows.map((row) => cleanCell(row[index] ?? ''));
  const missing = texts.reduce((n, t) => (t === null ? n + 1 : n), 0);
  const numbers = texts.map((t) => (t === null ? null : Number(t)));
  const numeric = missing < texts.length && numbers.every((v) => v === null || Number.isFinite(v));
  return numeric ? { name, kind: 'numeric', cells: numbers, missing } : { name, kind: 'categorical', cells: texts, missing };
}

/** The present values of a column, in row order. */
export function presentCells<T>(cells: readonly (T | null)[]): T[] {
  return cells.filter((c): c is T => c !== null);
}

function cleanCell(text: string): string | null {
  const trimmed = text.trim();
  return MISSING.has(trimmed) ? null : trimmed;
}
