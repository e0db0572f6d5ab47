/** Probabilities are clipped to [ε, 1 − ε] before the logarithm (the ε sklearn 1.2 uses for float64). */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Mean negative log-likelihood of the true classes, as `sklearn.metrics.log_loss(y, p, eps=1e-15)`: each
 * probability clipped to [ε, 1 − ε], each row renormalized to sum 1, then the (weighted) mean of −ln p[y].
 * @example logLoss([0, 1], Float64Array.of(0.9, 0.1, 0.2, 0.8), 2) // 0.164252033486018
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, k: number, weights?: ArrayLike<number>): number {
  let sum = 0;
  let total = 0;
  for (let r = 0; r < yTrue.length; r++) {
    const w = weights ? weights[r]! : 1;
    if (w === 0) continue;
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += clip(probabilities[r * k + j]!);
    sum -= w * Math.log(clip(probabilities[r * k + yTrue[r]!]!) / rowSum);
    total += w;
  }
  return total === 0 ? Number.NaN : sum / total;
}

function clip(p: number): number {
  return Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
}
