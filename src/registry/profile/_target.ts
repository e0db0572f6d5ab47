import type { ReferenceProfile } from '../../contract/index.js';
import { PROFILE_MAX_CLASSES } from '../../core/index.js';
import { rankValues } from './_categorical.js';
import { presentCells, type Column } from './_column.js';
import { numericProfile } from './_numeric.js';

/**
 * Class counts for a label-like target (text, or a few integer values), else a numeric profile.
 * Integer labels are keyed by String(Number(v)) so "1", "1.0" and " 1" are one class.
 */
export function targetProfile(column: Column, rowCount: number): ReferenceProfile['target'] {
  const { name } = column;
  if (column.kind === 'categorical') return { name, kind: 'classes', classes: tally(presentCells(column.cells)) };
  const present = presentCells(column.cells);
  const isLabel = present.every(Number.isInteger) && new Set(present).size <= PROFILE_MAX_CLASSES;
  if (isLabel) return { name, kind: 'classes', classes: tally(present.map(String)) };
  return { name, kind: 'numeric', profile: numericProfile(column, rowCount) };
}

function tally(values: readonly string[]): Record<string, number> {
  return Object.fromEntries(rankValues(values));
}
