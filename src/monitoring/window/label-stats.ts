import type { LabelStats } from '../../contract/index.js';
import type { LabelCounts } from './sketch.js';

/**
 * Live quality of a window from its joined labels: accuracy, precision, recall and F1 (binary: of class "1";
 * multiclass: macro averages) or MAE and RMSE; coverage is labelled rows over predicted rows.
 * @example labelStats({ confusion: { '1\t1': 3, '0\t1': 1 }, regressionRows: 0, absError: 0, squaredError: 0 }, 8).accuracy // 0.75
 */
export function labelStats(counts: LabelCounts, rows: number): LabelStats {
  const cells = Object.entries(counts.confusion).map(([k, n]) => ({ pred: k.split('\t')[0]!, actual: k.split('\t')[1]!, n }));
  const classified = cells.reduce((s, c) => s + c.n, 0);
  const labelled = classified + counts.regressionRows;
  const none = { accuracy: null, precision: null, recall: null, f1: null, mae: null, rmse: null };
  const coverage = rows > 0 ? Math.min(1, labelled / rows) : 0;
  if (labelled === 0) return { labelled, coverage, kind: null, ...none };
  if (classified === 0) {
    const n = counts.regressionRows;
    return { labelled, coverage, kind: 'regression', ...none, mae: counts.absError / n, rmse: Math.sqrt(counts.squaredError / n) };
  }
  const correct = correctCount(counts);
  return { labelled, coverage, kind: 'classification', ...none, accuracy: correct / classified, ...classScores(cells) };
}

type Cell = { pred: string; actual: string; n: number };

/** Classifier rows whose label equals the prediction. */
export function correctCount(counts: LabelCounts): number {
  let correct = 0;
  for (const [key, n] of Object.entries(counts.confusion)) {
    const [pred, actual] = key.split('\t');
    if (pred === actual) correct += n;
  }
  return correct;
}

function classScores(cells: readonly Cell[]): Pick<LabelStats, 'precision' | 'recall' | 'f1'> {
  const classes = [...new Set(cells.flatMap((c) => [c.pred, c.actual]))].sort();
  const binary = classes.length <= 2 && classes.every((c) => c === '0' || c === '1');
  const scored = binary ? ['1'] : classes;
  const per = scored.map((k) => scoresOf(cells, k));
  const mean = (pick: (s: ClassScores) => number): number => per.reduce((s, x) => s + pick(x), 0) / per.length;
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}

interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

/** One class against the rest; 0 where a ratio has nothing to divide by (scikit-learn's zero_division=0). */
function scoresOf(cells: readonly Cell[], k: string): ClassScores {
  const sum = (f: (c: Cell) => boolean): number => cells.filter(f).reduce((s, c) => s + c.n, 0);
  const tp = sum((c) => c.pred === k && c.actual === k);
  const predicted = sum((c) => c.pred === k);
  const actual = sum((c) => c.actual === k);
  const precision = predicted ? tp / predicted : 0;
  const recall = actual ? tp / actual : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
