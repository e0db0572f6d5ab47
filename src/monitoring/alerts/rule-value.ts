import { LABEL_METRICS, type AlertMetric, type AlertRule, type MonitorWindow } from '../../contract/index.js';
import { ALERT_DEFAULTS } from './_defaults.js';

type Extract = (rule: AlertRule, window: MonitorWindow) => number | null | undefined;

const worst = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.max(...values));

/** featurePsi / featureJs: the named feature's, else the worst feature's of the window. */
const featureValue =
  (key: 'psi' | 'js'): Extract =>
  (rule, w) => {
    const features = w.drift?.features;
    if (!features) return null;
    if (rule.feature === undefined) return worst(features.map((f) => f[key]));
    return features.find((f) => f.name === rule.feature)?.[key];
  };

const labelValue =
  (key: 'accuracy' | 'precision' | 'recall' | 'f1' | 'mae' | 'rmse'): Extract =>
  (_, w) =>
    w.labels[key];

// A window nobody sent requests to has no error rate or coverage worth alerting on (0/0, not 0).
const EXTRACT: Readonly<Record<AlertMetric, Extract>> = {
  featurePsi: featureValue('psi'),
  featureJs: featureValue('js'),
  driftedFeatures: (_, w) => w.drift?.drifted,
  datasetDriftShare: (_, w) => w.drift?.share,
  predictionPsi: (_, w) => w.drift?.prediction?.psi,
  accuracy: labelValue('accuracy'),
  precision: labelValue('precision'),
  recall: labelValue('recall'),
  f1: labelValue('f1'),
  mae: labelValue('mae'),
  rmse: labelValue('rmse'),
  labelCoverage: (_, w) => (w.rows === 0 ? null : w.labels.coverage),
  errorRate: (_, w) => (w.traffic === null || w.traffic.requests === 0 ? null : w.traffic.errorRate),
  latencyP99: (_, w) => w.traffic?.latencyP99Ms,
};

/**
 * The value of the rule's metric in one window, or null when the window cannot say (no drift verdict, too few
 * labels, no traffic, the named feature absent, the metric itself null or NaN). Null holds an alert where it is.
 * @example ruleValue({ name: 'psi', metric: 'featurePsi', feature: 'carat', op: '>', threshold: 0.2 }, window) // 0.31
 */
export function ruleValue(rule: AlertRule, window: MonitorWindow): number | null {
  if (waitsForLabels(rule, window)) return null;
  const value = EXTRACT[rule.metric](rule, window);
  return value === undefined || value === null || Number.isNaN(value) ? null : value;
}

/**
 * Whether `value` meets the rule's condition (`value op threshold`).
 * @example ruleHolds({ name: 'err', metric: 'errorRate', op: '>', threshold: 0.05 }, 0.07) // true
 */
export function ruleHolds(rule: Pick<AlertRule, 'op' | 'threshold'>, value: number): boolean {
  switch (rule.op) {
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
  }
}

/**
 * What the rule watches, as people read it: the metric, and the feature for featurePsi / featureJs.
 * @example ruleSubject({ name: 'psi', metric: 'featurePsi', op: '>', threshold: 0.2 }) // 'featurePsi(worst feature)'
 */
export function ruleSubject(rule: AlertRule): string {
  if (rule.metric !== 'featurePsi' && rule.metric !== 'featureJs') return rule.metric;
  return `${rule.metric}(${rule.feature ?? 'worst feature'})`;
}

/**
 * The rule as one line.
 * @example describeRule({ name: 'psi', metric: 'featurePsi', feature: 'carat', op: '>', threshold: 0.2, for: 3 })
 * // 'featurePsi(carat) > 0.2 for 3 windows'
 */
export function describeRule(rule: AlertRule): string {
  const n = rule.for ?? ALERT_DEFAULTS.for;
  return `${ruleSubject(rule)} ${rule.op} ${rule.threshold}${n === 1 ? '' : ` for ${n} windows`}`;
}

/** Label metrics wait for `minLabels` labels: on a handful of early labels the number is noise. */
function waitsForLabels(rule: AlertRule, window: MonitorWindow): boolean {
  return LABEL_METRICS.includes(rule.metric) && window.labels.labelled < (rule.minLabels ?? ALERT_DEFAULTS.minLabels);
}
