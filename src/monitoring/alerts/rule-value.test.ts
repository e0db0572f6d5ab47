import { describe, expect, it } from 'vitest';
import type { AlertRule, FeatureDriftResult, LabelStats, MonitorWindow, WindowDrift, WindowTraffic } from '../../contract/index.js';
import { describeRule, ruleHolds, ruleValue } from './rule-value.js';

const feature = (name: string, psi: number, js: number): FeatureDriftResult => ({
  name, kind: 'bins', rows: 200, referenceRows: 1000, missing: 0, psi, js,
  chiSquare: { statistic: 1, pValue: 0.5, dof: 9 }, ks: null, pValue: 0.5, drifted: psi >= 0.1, reason: '',
});

const drift = (over: Partial<WindowDrift> = {}): WindowDrift => ({
  features: [feature('carat', 0.31, 0.12), feature('depth', 0.05, 0.02)],
  tested: 2, drifted: 1, share: 0.5, datasetDrift: true,
  prediction: feature('prediction', 0.08, 0.03),
  thresholds: { pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' },
  ...over,
});

const labels = (over: Partial<LabelStats> = {}): LabelStats => ({
  labelled: 80, coverage: 0.4, kind: 'classification', accuracy: 0.91, precision: 0.8, recall: 0.7, f1: 0.75, mae: null, rmse: null, ...over,
});

const traffic = (over: Partial<WindowTraffic> = {}): WindowTraffic => ({ requests: 200, errors: 4, invalid: 1, errorRate: 0.02, latencyP99Ms: 41.5, ...over });

/** A closed window of v2 of `fraud` with drift, labels and traffic; override any part. */
function makeWindow(over: Partial<MonitorWindow> = {}): MonitorWindow {
  return {
    endpoint: 'fraud', model: 'fraud', version: 2, seq: 17,
    start: '2025-01-01T00:00:00.000Z', end: '2025-01-01T00:01:00.000Z', closed: true,
    samples: 150, rows: 200, drift: drift(), predictedClasses: { '0': 180, '1': 20 }, scores: null,
    labels: labels(), traffic: traffic(), ...over,
  };
}

const rule = (over: Partial<AlertRule> & Pick<AlertRule, 'metric'>): AlertRule => ({ name: 'r', op: '>', threshold: 0, ...over });

describe('ruleValue', () => {
  it.each<[string, Partial<AlertRule> & Pick<AlertRule, 'metric'>, Partial<MonitorWindow>, number | null]>([
    ['featurePsi of the named feature', { metric: 'featurePsi', feature: 'depth' }, {}, 0.05],
    ['featurePsi of the worst feature', { metric: 'featurePsi' }, {}, 0.31],
    ['featurePsi of an absent feature', { metric: 'featurePsi', feature: 'price' }, {}, null],
    ['featurePsi without a drift verdict', { metric: 'featurePsi' }, { drift: null }, null],
    ['featurePsi with no features tested', { metric: 'featurePsi' }, { drift: drift({ features: [] }) }, null],
    ['featureJs of the named feature', { metric: 'featureJs', feature: 'carat' }, {}, 0.12],
    ['featureJs of the worst feature', { metric: 'featureJs' }, {}, 0.12],
    ['featureJs without a drift verdict', { metric: 'featureJs', feature: 'carat' }, { drift: null }, null],
    ['driftedFeatures', { metric: 'driftedFeatures' }, {}, 1],
    ['driftedFeatures without a drift verdict', { metric: 'driftedFeatures' }, { drift: null }, null],
    ['datasetDriftShare', { metric: 'datasetDriftShare' }, {}, 0.5],
    ['datasetDriftShare without a drift verdict', { metric: 'datasetDriftShare' }, { drift: null }, null],
    ['predictionPsi', { metric: 'predictionPsi' }, {}, 0.08],
    ['predictionPsi when the profile has no target', { metric: 'predictionPsi' }, { drift: drift({ prediction: null }) }, null],
    ['predictionPsi without a drift verdict', { metric: 'predictionPsi' }, { drift: null }, null],
    ['accuracy', { metric: 'accuracy' }, {}, 0.91],
    ['precision', { metric: 'precision' }, {}, 0.8],
    ['recall', { metric: 'recall' }, {}, 0.7],
    ['f1', { metric: 'f1' }, {}, 0.75],
    ['mae of a classifier (null)', { metric: 'mae' }, {}, null],
    ['rmse of a classifier (null)', { metric: 'rmse' }, {}, null],
    ['mae of a regressor', { metric: 'mae' }, { labels: labels({ kind: 'regression', accuracy: null, mae: 1.5, rmse: 2.5 }) }, 1.5],
    ['rmse of a regressor', { metric: 'rmse' }, { labels: labels({ kind: 'regression', accuracy: null, mae: 1.5, rmse: 2.5 }) }, 2.5],
    ['accuracy below the default 50 labels', { metric: 'accuracy' }, { labels: labels({ labelled: 49 }) }, null],
    ['accuracy at exactly 50 labels', { metric: 'accuracy' }, { labels: labels({ labelled: 50 }) }, 0.91],
    ['rmse below the rule’s own minLabels', { metric: 'rmse', minLabels: 100 }, { labels: labels({ kind: 'regression', rmse: 2.5 }) }, null],
    ['f1 with a lower minLabels', { metric: 'f1', minLabels: 5 }, { labels: labels({ labelled: 5 }) }, 0.75],
    ['accuracy when there are no labels', { metric: 'accuracy' }, { labels: labels({ labelled: 0, accuracy: null }) }, null],
    ['labelCoverage (no minLabels wait)', { metric: 'labelCoverage' }, { labels: labels({ labelled: 3, coverage: 0.015 }) }, 0.015],
    ['labelCoverage of a window without rows', { metric: 'labelCoverage' }, { rows: 0, labels: labels({ labelled: 0, coverage: 0 }) }, null],
    ['errorRate', { metric: 'errorRate' }, {}, 0.02],
    ['errorRate without traffic data', { metric: 'errorRate' }, { traffic: null }, null],
    ['errorRate of a window without requests', { metric: 'errorRate' }, { traffic: traffic({ requests: 0, errors: 0, errorRate: 0 }) }, null],
    ['latencyP99', { metric: 'latencyP99' }, {}, 41.5],
    ['latencyP99 without traffic data', { metric: 'latencyP99' }, { traffic: null }, null],
    ['latencyP99 with no latency measured', { metric: 'latencyP99' }, { traffic: traffic({ latencyP99Ms: null }) }, null],
    ['a NaN metric', { metric: 'datasetDriftShare' }, { drift: drift({ share: Number.NaN }) }, null],
  ])('%s', (_, r, w, expected) => {
    expect(ruleValue(rule(r), makeWindow(w))).toBe(expected);
  });
});

describe('ruleHolds', () => {
  it.each([
    ['>', 0.2, 0.21, true],
    ['>', 0.2, 0.2, false],
    ['>=', 0.2, 0.2, true],
    ['>=', 0.2, 0.19, false],
    ['<', 0.9, 0.89, true],
    ['<', 0.9, 0.9, false],
    ['<=', 0.9, 0.9, true],
    ['<=', 0.9, 0.91, false],
  ] as const)('value %s %s with %s → %s', (op, threshold, value, holds) => {
    expect(ruleHolds({ op, threshold }, value)).toBe(holds);
  });
});

describe('describeRule', () => {
  it.each<[Partial<AlertRule> & Pick<AlertRule, 'metric'>, string]>([
    [{ metric: 'featurePsi', feature: 'carat', threshold: 0.2, for: 3 }, 'featurePsi(carat) > 0.2 for 3 windows'],
    [{ metric: 'featureJs', threshold: 0.1 }, 'featureJs(worst feature) > 0.1'],
    [{ metric: 'accuracy', op: '<', threshold: 0.85, for: 1 }, 'accuracy < 0.85'],
    [{ metric: 'latencyP99', op: '>=', threshold: 250, for: 5 }, 'latencyP99 >= 250 for 5 windows'],
  ])('%j → %s', (r, text) => {
    expect(describeRule(rule(r))).toBe(text);
  });
});
