import type { FeatureProfile, ReferenceProfile } from '../../contract/index.js';
import { mpError, PROFILE_SAMPLE_ROWS, type CsvTable } from '../../core/index.js';
import { categoricalProfile } from './_categorical.js';
import { readColumn, type Column } from './_column.js';
import { numericProfile } from './_numeric.js';
import { targetProfile } from './_target.js';

/** What {@link buildProfile} profiles and how it names the data. */
export interface BuildProfileOptions {
  /** Where the table came from (a file path or URI), kept in the profile and used in error messages. */
  readonly source: string;
  /** The label column: profiled as the target and left out of the features. */
  readonly target?: string;
  /** Profile only these columns, in this order (the model's inputs); default: every column but the target. */
  readonly featureNames?: readonly string[];
}

/**
 * Profiles a reference table: per-feature distributions, the target's classes or distribution, and a few
 * verbatim rows. Pure: the caller reads and parses the file.
 * Throws MP_CSV_INVALID for a table without rows or a named column the header lacks.
 * @example
 * const profile = buildProfile(parseCsv(text), { source: 'train.csv', target: 'label' });
 * profile.features[0] // { name: 'age', type: 'numeric', edges: [...], counts: [...], ... }
 */
export function buildProfile(table: CsvTable, options: BuildProfileOptions): ReferenceProfile {
  const { source, target } = options;
  if (table.rows.length === 0) throw mpError('MP_CSV_INVALID', source, 'has a header but no rows');
  const targetIndex = target === undefined ? -1 : columnIndex(table.header, target, source);
  const featureIndexes = options.featureNames
    ? options.featureNames.map((name) => columnIndex(table.header, name, source))
    : table.header.map((_, i) => i).filter((i) => i !== targetIndex);
  const columns = featureIndexes.map((i) => readColumn(table, i));
  const rowCount = table.rows.length;
  return {
    formatVersion: 1,
    rowCount,
    source,
    features: columns.map((column) => featureProfile(column, rowCount)),
    target: targetIndex < 0 ? null : targetProfile(readColumn(table, targetIndex), rowCount),
    sampleRows: sampleRows(columns, rowCount),
  };
}

function columnIndex(header: readonly string[], name: string, source: string): number {
  const index = header.indexOf(name);
  if (index < 0) throw mpError('MP_CSV_INVALID', source, `has no column '${name}'; its columns are ${header.join(', ')}`);
  return index;
}

function featureProfile(column: Column, rowCount: number): FeatureProfile {
  return column.kind === 'numeric' ? numericProfile(column, rowCount) : categoricalProfile(column, rowCount);
}

/** The first rows as typed values (numbers for numeric features), enough to warm up or smoke-test a model. */
function sampleRows(columns: readonly Column[], rowCount: number): (number | string | null)[][] {
  return Array.from({ length: Math.min(PROFILE_SAMPLE_ROWS, rowCount) }, (_, r) => columns.map((column) => column.cells[r] ?? null));
}
