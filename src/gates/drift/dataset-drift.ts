import type { FeatureProfile, ReferenceProfile } from '../../contract/index.js';
import { categoricalDrift, numericDrift, type DriftThresholds, type FeatureDrift } from './feature-drift.js';

/** The current values of one feature: numbers for a numeric profile, text for a categorical one. */
export type CurrentColumn = ArrayLike<number> | readonly string[];

export interface DatasetDriftOptions extends DriftThresholds {
  /** Dataset drift when drifted / tested ≥ this (Evidently's 0.5). */
  readonly maxShare: number;
  /** Only these features (default: every feature of the profile). */
  readonly features?: readonly string[];
}

export interface DatasetDrift {
  readonly features: readonly FeatureDrift[];
  /** Features of the profile the data lacks (not tested). */
  readonly missing: readonly string[];
  readonly tested: number;
  readonly drifted: number;
  readonly share: number;
  readonly datasetDrift: boolean;
}

/**
 * Per-feature drift of the current data against a reference profile, and Evidently's dataset rule: the data drifted
 * when at least `maxShare` of the tested features did.
 * @example datasetDrift(profile, (f) => columns.get(f.name), { maxShare: 0.5, pValue: 0.05, distance: 0.1 }).datasetDrift
 */
export function datasetDrift(profile: ReferenceProfile, columnOf: (feature: FeatureProfile) => CurrentColumn | undefined, options: DatasetDriftOptions): DatasetDrift {
  const wanted = options.features ? profile.features.filter((f) => options.features!.includes(f.name)) : profile.features;
  const features: FeatureDrift[] = [];
  const missing: string[] = [];
  for (const feature of wanted) {
    const column = columnOf(feature);
    if (column === undefined) missing.push(feature.name);
    else features.push(feature.type === 'numeric' ? numericDrift(feature, asNumbers(column), options) : categoricalDrift(feature, asTexts(column), options));
  }
  const drifted = features.filter((f) => f.drifted).length;
  const share = features.length === 0 ? 0 : drifted / features.length;
  return { features, missing, tested: features.length, drifted, share, datasetDrift: features.length > 0 && share >= options.maxShare };
}

function asTexts(column: CurrentColumn): readonly string[] {
  return Array.from(column as ArrayLike<number | string>, (v) => String(v));
}

function asNumbers(column: CurrentColumn): ArrayLike<number> {
  const first = column[0];
  if (typeof first !== 'string') return column as ArrayLike<number>;
  return Float64Array.from(column as readonly string[], (s) => (s.trim() === '' ? Number.NaN : Number(s)));
}
