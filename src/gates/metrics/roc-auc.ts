/**
 * Area under the ROC curve through ranks: AUC = P(score of a positive > score of a negative) + ½·P(tie), which is
 * what sklearn's trapezoidal `roc_auc_score` equals (sample weights included). The scores are sorted once, so the
 * area for another weighting of the same rows (a bootstrap resample) costs one pass.
 */

/**
 * Prepares the AUC of `positive` (1/true for the positive class) against `scores`; call the result with optional
 * per-row weights. NaN when one class has no weight.
 * @example aucScorer([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])() // 0.75
 */
export function aucScorer(positive: ArrayLike<number>, scores: ArrayLike<number>): (weights?: ArrayLike<number>) => number {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Start of each run of equal scores, in ascending order, and a sentinel at n.
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || scores[order[i]!] !== scores[order[i - 1]!]) starts.push(i);
  starts.push(n);
  return (weights) => {
    let negativesBelow = 0;
    let area = 0;
    let positives = 0;
    for (let g = 0; g + 1 < starts.length; g++) {
      let pos = 0;
      let neg = 0;
      for (let i = starts[g]!; i < starts[g + 1]!; i++) {
        const row = order[i]!;
        const w = weights ? weights[row]! : 1;
        if (positive[row]) pos += w;
        else neg += w;
      }
      area += pos * (negativesBelow + neg / 2);
      negativesBelow += neg;
      positives += pos;
    }
    return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : Number.NaN;
  };
}

/**
 * ROC AUC of a classifier from its probabilities (row-major, k columns): for k = 2 the AUC of column 1, else the
 * unweighted mean of the one-vs-rest AUCs (sklearn's `multi_class='ovr', average='macro'`).
 * @example rocAucScorer(Float64Array.of(0, 1), Float64Array.of(0.8, 0.2, 0.3, 0.7), 2)() // 1
 */
export function rocAucScorer(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, k: number): (weights?: ArrayLike<number>) => number {
  const n = yTrue.length;
  const column = (c: number): Float64Array => Float64Array.from({ length: n }, (_, r) => probabilities[r * k + c]!);
  const isClass = (c: number): Uint8Array => Uint8Array.from({ length: n }, (_, r) => (yTrue[r] === c ? 1 : 0));
  if (k === 2) return aucScorer(isClass(1), column(1));
  const scorers = Array.from({ length: k }, (_, c) => aucScorer(isClass(c), column(c)));
  return (weights) => scorers.reduce((sum, s) => sum + s(weights), 0) / k;
}
