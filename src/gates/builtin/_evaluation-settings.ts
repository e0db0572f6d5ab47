import { EVALUATION_METRICS, type EvaluationMetric, type GatePolicy } from '../../contract/index.js';
import { mpError } from '../../core/index.js';
import type { Holdout } from '../data/holdout.js';
import { bootstrapIterations, DEFAULT_BOOTSTRAP, type BootstrapSettings } from '../metrics/index.js';
import type { Predictions } from '../model/predict.js';

/** The bootstrap settings of the policy with the defaults, resamples reduced for a large holdout. */
export function bootstrapSettings(policy: GatePolicy, rows: number): BootstrapSettings {
  const b = { ...DEFAULT_BOOTSTRAP, ...policy.bootstrap };
  return { ...b, iterations: bootstrapIterations(b.iterations, rows) };
}

/** Refuses an evaluation metric name the gates do not know. */
export function assertMetricName(name: string): asserts name is EvaluationMetric {
  if (!(EVALUATION_METRICS as readonly string[]).includes(name)) {
    throw mpError('MP_POLICY_INVALID', 'gate policy', `'${name}' is not an evaluation metric; use one of ${EVALUATION_METRICS.join(', ')}`);
  }
}

/** The headline metric of a task. */
export const headlineMetric = (p: Predictions): EvaluationMetric => (p.task === 'classification' ? 'accuracy' : 'rmse');

/** A classifier's target must hold class indices 0..k−1. */
export function assertClassTargets(holdout: Holdout, p: Predictions): void {
  if (p.task !== 'classification') return;
  const bad = holdout.target.findIndex((v) => !(Number.isInteger(v) && v >= 0 && v < 1000));
  if (bad >= 0) throw mpError('MP_GATES_DATA_INVALID', holdout.source, `target '${holdout.targetName}' row ${bad} is ${holdout.target[bad]}; a classifier's target must be a class index 0..k-1`);
}
