import type { CategoricalFeatureProfile } from '../../contract/index.js';
import { PROFILE_MAX_CATEGORIES } from '../../core/index.js';
import { presentCells, type CategoricalColumn } from './_column.js';

/** The PROFILE_MAX_CATEGORIES most frequent values of a column with their counts; the rest in `otherCount`. */
export function categoricalProfile(column: CategoricalColumn, rowCount: number): CategoricalFeatureProfile {
  const present = presentCells(column.cells);
  const kept = rankValues(present).slice(0, PROFILE_MAX_CATEGORIES);
  const keptTotal = kept.reduce((sum, [, n]) => sum + n, 0);
  return {
    name: column.name,
    type: 'categorical',
    count: present.length,
    missing: column.missing,
    missingRate: column.missing / rowCount,
    // fromEntries defines own properties, so a category named "__proto__" is kept like any other.
    categories: Object.fromEntries(kept),
    otherCount: present.length - keptTotal,
  };
}

/**
 * Distinct values with their counts, most frequent first, ties by value text (code-unit order, not locale,
 * so the profile is the same on every machine).
 */
export function rankValues(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0));
}
