/**
 * Classification scores from a (weighted) confusion matrix, with scikit-learn's conventions: a ratio whose
 * denominator is 0 is 0 (`zero_division=0`), macro and weighted averages run over the labels present in either the
 * truth or the predictions, and "binary" scores are those of label 1.
 */

/** Row-major k×k counts: row = true class, column = predicted class (sklearn's `confusion_matrix`). */
export function confusionCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weights?: ArrayLike<number>): Float64Array {
  const cm = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (w !== 0) cm[yTrue[i]! * k + yPred[i]!]! += w;
  }
  return cm;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  readonly label: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** Every score the evaluation gate reports for a classifier. `binary` is null unless the labels are within {0, 1}. */
export interface ClassificationScores {
  readonly accuracy: number;
  readonly binary: { readonly precision: number; readonly recall: number; readonly f1: number } | null;
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly weighted: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly perClass: readonly ClassScores[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => ratio(2 * p * r, p + r);

/**
 * Scores from a k×k confusion matrix (see {@link confusionCounts}).
 * @example classificationScores(Float64Array.of(5, 1, 2, 4), 2).accuracy // 0.75
 */
export function classificationScores(cm: Float64Array, k: number): ClassificationScores {
  const perClass: ClassScores[] = [];
  let correct = 0;
  let total = 0;
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += cm[c * k + j]!;
      predicted += cm[j * k + c]!;
    }
    const tp = cm[c * k + c]!;
    correct += tp;
    total += support;
    if (support === 0 && predicted === 0) continue;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    perClass.push({ label: c, precision, recall, f1: f1Of(precision, recall), support });
  }
  const binaryScores = perClass.every((s) => s.label <= 1) ? (perClass.find((s) => s.label === 1) ?? { precision: 0, recall: 0, f1: 0 }) : null;
  return {
    accuracy: ratio(correct, total),
    binary: binaryScores ? { precision: binaryScores.precision, recall: binaryScores.recall, f1: binaryScores.f1 } : null,
    macro: average(perClass, () => 1),
    weighted: average(perClass, (s) => s.support),
    perClass,
  };
}

function average(scores: readonly ClassScores[], weight: (s: ClassScores) => number): { precision: number; recall: number; f1: number } {
  let w = 0;
  const sum = { precision: 0, recall: 0, f1: 0 };
  for (const s of scores) {
    const ws = weight(s);
    w += ws;
    sum.precision += ws * s.precision;
    sum.recall += ws * s.recall;
    sum.f1 += ws * s.f1;
  }
  return { precision: ratio(sum.precision, w), recall: ratio(sum.recall, w), f1: ratio(sum.f1, w) };
}

/** The matrix as rows of numbers, for reports. */
export function matrixRows(cm: Float64Array, k: number): number[][] {
  return Array.from({ length: k }, (_, r) => Array.from(cm.subarray(r * k, (r + 1) * k)));
}
