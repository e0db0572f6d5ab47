import { Type, type Static } from 'typebox';

/** One sampled request as the data plane saw it: inputs, outputs and latency, for monitoring and labels. */
export const PredictionSample = Type.Object({
  endpoint: Type.String(),
  model: Type.String(),
  version: Type.Integer(),
  requestId: Type.String(),
  at: Type.String(),
  latencyMs: Type.Number(),
  /** Feature rows, in the version's feature order. */
  inputs: Type.Array(Type.Array(Type.Union([Type.Number(), Type.Boolean(), Type.Null()]))),
  /** Per row: the label (classifiers), class probabilities, or the predicted value (regressors). */
  outputs: Type.Object({
    labels: Type.Optional(Type.Array(Type.Number())),
    probabilities: Type.Optional(Type.Array(Type.Array(Type.Number()))),
    values: Type.Optional(Type.Array(Type.Number())),
  }),
});
export type PredictionSample = Static<typeof PredictionSample>;

/**
 * The score of one classifier row, as the rollout judge and production monitoring read it: the positive-class
 * probability for a binary classifier, the top-class probability otherwise. `from` is the row's first class.
 * @example rowScore([0.2, 0.8], 0, 2) // 0.8
 */
export function rowScore(probabilities: ArrayLike<number>, from: number, classes: number): number {
  return classes === 2 ? probabilities[from + 1]! : topProbability(probabilities, from, classes);
}

/** The largest class probability of one classifier row (0 for no classes). `from` is the row's first class. */
export function topProbability(probabilities: ArrayLike<number>, from: number, classes: number): number {
  let top = 0;
  for (let j = from; j < from + classes; j++) if (probabilities[j]! > top) top = probabilities[j]!;
  return top;
}
