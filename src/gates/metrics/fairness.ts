/**
 * Group fairness of a classifier for one protected attribute (fairlearn's definitions): per group the accuracy, the
 * selection rate P(ŷ = positive), the true-positive rate and the false-positive rate; between groups the largest
 * differences, and the disparate-impact ratio min/max of the selection rates.
 */

/** Rates of one group; a rate with an empty denominator is NaN (and left out of the comparisons). */
export interface GroupRates {
  readonly group: string;
  readonly n: number;
  readonly accuracy: number;
  readonly selectionRate: number;
  readonly tpr: number;
  readonly fpr: number;
  /** Rows whose true label is the positive class. */
  readonly positives: number;
  readonly negatives: number;
}

export interface FairnessSummary {
  /** max − min accuracy over groups. */
  readonly accuracyGap: number;
  /** max − min selection rate. */
  readonly demographicParityDifference: number;
  /** The larger of the TPR range and the FPR range. */
  readonly equalizedOddsDifference: number;
  /** min / max selection rate (1 when nobody is selected anywhere). */
  readonly disparateImpactRatio: number;
}

/**
 * Rates per group, groups in text order.
 * @example groupRates([1, 0, 1, 0], [1, 0, 0, 0], ['a', 'a', 'b', 'b'], 1)[1] // { group: 'b', n: 2, accuracy: 0.5, selectionRate: 0, tpr: 0, fpr: 0, positives: 1, negatives: 1 }
 */
export function groupRates(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: readonly string[], positive: number): GroupRates[] {
  const tally = new Map<string, { n: number; correct: number; selected: number; tp: number; fp: number; pos: number }>();
  for (let i = 0; i < groups.length; i++) {
    const t = tally.get(groups[i]!) ?? { n: 0, correct: 0, selected: 0, tp: 0, fp: 0, pos: 0 };
    const isPos = yTrue[i] === positive;
    const selected = yPred[i] === positive;
    t.n++;
    if (yTrue[i] === yPred[i]) t.correct++;
    if (selected) t.selected++;
    if (isPos) t.pos++;
    if (selected && isPos) t.tp++;
    if (selected && !isPos) t.fp++;
    tally.set(groups[i]!, t);
  }
  return [...tally]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, t]) => ({
      group,
      n: t.n,
      accuracy: t.correct / t.n,
      selectionRate: t.selected / t.n,
      tpr: t.pos === 0 ? Number.NaN : t.tp / t.pos,
      fpr: t.n === t.pos ? Number.NaN : t.fp / (t.n - t.pos),
      positives: t.pos,
      negatives: t.n - t.pos,
    }));
}

/**
 * The between-group measures; NaN when fewer than two groups define a rate.
 * @example fairnessSummary(groupRates(...)).equalizedOddsDifference
 */
export function fairnessSummary(rates: readonly GroupRates[]): FairnessSummary {
  const selection = defined(rates.map((r) => r.selectionRate));
  const maxSelection = Math.max(...selection);
  return {
    accuracyGap: range(rates.map((r) => r.accuracy)),
    demographicParityDifference: range(selection),
    equalizedOddsDifference: Math.max(range(rates.map((r) => r.tpr)), range(rates.map((r) => r.fpr))),
    disparateImpactRatio: selection.length < 2 ? Number.NaN : maxSelection === 0 ? 1 : Math.min(...selection) / maxSelection,
  };
}

function defined(values: readonly number[]): number[] {
  return values.filter((v) => !Number.isNaN(v));
}

function range(values: readonly number[]): number {
  const d = defined(values);
  return d.length < 2 ? Number.NaN : Math.max(...d) - Math.min(...d);
}
