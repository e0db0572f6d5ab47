/** Regression errors, (weighted) as sklearn computes them. */

/** The three scores the evaluation gate reports for a regressor. */
export interface RegressionScores {
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
}

/**
 * RMSE (`mean_squared_error(squared=False)`), MAE and R² (`r2_score`: 1 − SS_res/SS_tot around the weighted mean;
 * when SS_tot is 0 it is 1 for a perfect fit and 0 otherwise, sklearn's `force_finite`).
 * @example regressionScores([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // { rmse: 0.6123724356957945, mae: 0.5, r2: 0.9486081370449679 }
 */
export function regressionScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weights?: ArrayLike<number>): RegressionScores {
  let total = 0;
  let weightedY = 0;
  let squares = 0;
  let absolute = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights ? weights[i]! : 1;
    const e = yTrue[i]! - yPred[i]!;
    total += w;
    weightedY += w * yTrue[i]!;
    squares += w * e * e;
    absolute += w * Math.abs(e);
  }
  const mean = weightedY / total;
  let spread = 0;
  for (let i = 0; i < yTrue.length; i++) spread += (weights ? weights[i]! : 1) * (yTrue[i]! - mean) ** 2;
  const r2 = spread === 0 ? (squares === 0 ? 1 : 0) : 1 - squares / spread;
  return { rmse: Math.sqrt(squares / total), mae: absolute / total, r2 };
}
