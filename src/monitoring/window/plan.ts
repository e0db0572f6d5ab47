import type { FeatureProfile, ReferenceProfile } from '../../contract/index.js';
import { discreteValues, nearest, referenceSample } from '../../stats/index.js';

/**
 * How one input column (or the predictions) is binned so a window's counts line up with the reference's:
 * numeric features on the profile's quantile bins, discrete ones on their values, categorical ones on their categories.
 * The last bin of `values` and `categories` holds everything the reference did not have.
 */
export type BinPlan =
  | {
      readonly kind: 'bins';
      readonly name: string;
      readonly edges: readonly number[];
      /** The edges are float32 values: values are compared as float32 too (see servedEdges). */
      readonly float32: boolean;
      readonly reference: readonly number[];
      readonly percentiles: readonly number[];
      readonly referenceRows: number;
    }
  | { readonly kind: 'values'; readonly name: string; readonly atoms: readonly number[]; readonly atoms32: readonly number[]; readonly reference: readonly number[]; readonly referenceRows: number }
  | { readonly kind: 'categories'; readonly name: string; readonly keys: ReadonlyMap<string, number>; readonly reference: readonly number[]; readonly referenceRows: number };

/** The binning of every feature of a version (in input order) and of its predictions. */
export interface WindowPlan {
  readonly features: readonly BinPlan[];
  readonly prediction: BinPlan | null;
}

/** A version without a reference profile: windows count predictions and labels only. */
export const EMPTY_PLAN: WindowPlan = { features: [], prediction: null };

/**
 * The plan for a version's reference profile.
 * @example planOf(profile).features[0].kind // 'bins'
 */
export function planOf(profile: ReferenceProfile | null): WindowPlan {
  if (!profile) return EMPTY_PLAN;
  return { features: profile.features.map(featurePlan), prediction: predictionPlan(profile.target) };
}

function featurePlan(f: FeatureProfile): BinPlan {
  if (f.type === 'categorical') return categoriesPlan(f.name, f.categories, f.otherCount);
  const atoms = discreteValues(f.percentiles);
  if (!atoms) {
    const edges = servedEdges(f.edges);
    return { kind: 'bins', name: f.name, edges, float32: edges !== f.edges, reference: f.counts, percentiles: f.percentiles, referenceRows: f.count };
  }
  // The profile keeps percentiles, not value counts: a discrete feature's counts come from its pseudo-sample.
  const reference = new Array<number>(atoms.length + 1).fill(0);
  for (const v of referenceSample(f.percentiles, f.count)) reference[nearest(atoms, v)]!++;
  return { kind: 'values', name: f.name, atoms, atoms32: atoms.map(Math.fround), reference, referenceRows: f.count };
}

/**
 * Bin edges as the data plane sees values: most models take float32, so a served 1.01 is 1.0099999904… and would
 * fall below the profile's edge at 1.01 and into the wrong bin (enough to fake drift on a common value). Edges
 * rounded the same way, and values compared as float32, put every value in its bin, whether a sample holds the
 * float32 itself or its short decimal form (1.01 again); float64 inputs lose nothing that matters (a value within
 * float32 rounding of an edge). Kept as they are when rounding would merge two edges.
 */
function servedEdges(edges: readonly number[]): readonly number[] {
  const rounded = edges.map(Math.fround);
  return rounded.every((e, i) => i === 0 || e > rounded[i - 1]!) ? rounded : edges;
}

function categoriesPlan(name: string, categories: Readonly<Record<string, number>>, other: number): BinPlan {
  const keys = new Map(Object.keys(categories).map((k, i) => [k, i]));
  const reference = [...Object.values(categories), other];
  return { kind: 'categories', name, keys, reference, referenceRows: reference.reduce((a, b) => a + b, 0) };
}

function predictionPlan(target: ReferenceProfile['target']): BinPlan | null {
  if (!target) return null;
  if (target.kind === 'classes') return categoriesPlan('prediction', target.classes, 0);
  const p = target.profile;
  return { kind: 'bins', name: 'prediction', edges: p.edges, float32: false, reference: p.counts, percentiles: p.percentiles, referenceRows: p.count };
}

/**
 * The bin of a value, or -1 when it is missing (null, NaN). Numeric bins clip values beyond the reference range into
 * the end bins (new extremes are drift); unseen values and categories go to the last ("other") bin.
 */
export function binOf(plan: BinPlan, value: number | string | boolean | null): number {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return -1;
  switch (plan.kind) {
    case 'categories':
      return plan.keys.get(categoryKey(value)) ?? plan.reference.length - 1;
    case 'values': {
      // Exact, or the float32 rounding of a value the profile read as float64.
      const v = Number(value);
      const i = plan.atoms.indexOf(v);
      const j = i === -1 ? plan.atoms32.indexOf(Math.fround(v)) : i;
      return j === -1 ? plan.atoms.length : j;
    }
    case 'bins':
      return edgeBin(plan.edges, plan.float32 ? Math.fround(Number(value)) : Number(value));
  }
}

/** Class keys as the profile writes them: integers as "1" (also for 1.0 and true), text as is. */
export function categoryKey(value: number | string | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function edgeBin(edges: readonly number[], v: number): number {
  const last = edges.length - 2;
  if (last < 0 || v <= edges[0]!) return 0;
  if (v >= edges[last + 1]!) return last;
  let lo = 0;
  let hi = last + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}
