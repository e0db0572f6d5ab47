import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/core/index.js';

/** Absolute path of a committed fixture. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export interface ExpectedModel {
  task: 'binary' | 'multiclass' | 'regression';
  holdout_csv: string;
  train_csv: string;
  feature_names: string[];
  n_features: number;
  accuracy?: number;
  first_row_probabilities?: number[];
  first_rows_labels?: number[];
  first_row_prediction?: number;
  rmse?: number;
}

/** sklearn's numbers recorded beside each fixture model by scripts/make-fixtures.py. */
export const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Record<string, ExpectedModel>;

/** A fixture CSV as float32 feature rows and numeric targets. */
export function loadXy(csvName: string): { x: Float32Array; y: number[]; rows: number; cols: number; header: string[] } {
  const table = parseCsv(readFileSync(fixture(csvName), 'utf8'));
  const cols = table.header.length - 1;
  const x = new Float32Array(table.rows.length * cols);
  table.rows.forEach((row, r) => row.slice(0, cols).forEach((v, c) => (x[r * cols + c] = Number(v))));
  return { x, y: table.rows.map((row) => Number(row[cols])), rows: table.rows.length, cols, header: [...table.header] };
}
