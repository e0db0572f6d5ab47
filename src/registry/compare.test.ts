import { describe, expect, it } from 'vitest';
import type { GovernancePolicy, ModelVersion } from '../contract/index.js';
import { compareVersions } from './compare.js';

/** A version of model `fraud`, built by hand. */
function version(n: number, fields: Partial<Omit<ModelVersion, 'model' | 'version' | 'uri'>> = {}): ModelVersion {
  return {
    model: 'fraud',
    version: n,
    uri: `models:/fraud/${n}`,
    digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
    sizeBytes: 1000 + n,
    stage: 'None',
    aliases: [],
    description: '',
    createdBy: 'ana',
    createdAt: '2026-01-01T00:00:00.000Z',
    sourceFile: 'model.onnx',
    signature: { inputs: [{ name: 'input', dtype: 'float32', shape: [null, 4] }], outputs: [{ name: 'label', dtype: 'int64', shape: [null] }] },
    metrics: {},
    params: {},
    tags: {},
    lineage: {},
    approvals: [],
    hasProfile: false,
    ...fields,
  };
}

const withMetrics = (n: number, metrics: Record<string, number>): ModelVersion => version(n, { metrics });
const recommend = (a: Record<string, number>, b: Record<string, number>, policy: GovernancePolicy = {}) =>
  compareVersions(withMetrics(1, a), withMetrics(2, b), policy).recommendation;

describe('compareVersions: metric differences', () => {
  it('gives b − a and the percent change against |a|, for the union of metric names, sorted', () => {
    const c = compareVersions(withMetrics(1, { f1: 0.8, accuracy: 0.9, loss: -2, zero: 0, onlyA: 1 }), withMetrics(2, { f1: 0.88, accuracy: 0.9, loss: -1, zero: 5, onlyB: 2 }), {});
    expect(c.a).toBe('models:/fraud/1');
    expect(c.b).toBe('models:/fraud/2');
    expect(c.metrics.map((m) => m.name)).toEqual(['accuracy', 'f1', 'loss', 'onlyA', 'onlyB', 'zero']);
    const byName = Object.fromEntries(c.metrics.map((m) => [m.name, m]));
    expect(byName['accuracy']).toEqual({ name: 'accuracy', a: 0.9, b: 0.9, diff: 0, pctChange: 0 });
    expect(byName['f1']!.diff).toBeCloseTo(0.08, 12);
    expect(byName['f1']!.pctChange).toBeCloseTo(10, 10);
    expect(byName['loss']).toEqual({ name: 'loss', a: -2, b: -1, diff: 1, pctChange: 50 });
    expect(byName['zero']).toEqual({ name: 'zero', a: 0, b: 5, diff: 5, pctChange: null });
    expect(byName['onlyA']).toEqual({ name: 'onlyA', a: 1, b: null, diff: null, pctChange: null });
    expect(byName['onlyB']).toEqual({ name: 'onlyB', a: null, b: 2, diff: null, pctChange: null });
  });

  it('compares params and tags by value, and signature and digest', () => {
    const a = version(1, { params: { C: '1.0', max_iter: '100' }, tags: { team: 'risk' } });
    const b = version(2, { params: { C: '0.5', max_iter: '100', solver: 'lbfgs' }, tags: { team: 'risk' }, digest: a.digest });
    const c = compareVersions(a, b, {});
    expect(c.params).toEqual([
      { name: 'C', a: '1.0', b: '0.5', same: false },
      { name: 'max_iter', a: '100', b: '100', same: true },
      { name: 'solver', a: null, b: 'lbfgs', same: false },
    ]);
    expect(c.tags).toEqual([{ name: 'team', a: 'risk', b: 'risk', same: true }]);
    expect(c.digestSame).toBe(true);
    expect(c.signatureSame).toBe(true);
    const d = compareVersions(a, version(3, { signature: { ...a.signature, featureNames: ['a', 'b', 'c', 'd'] } }), {});
    expect(d.digestSame).toBe(false);
    expect(d.signatureSame).toBe(false);
  });
});

describe('compareVersions: recommendation', () => {
  it('recommends the higher value of the primary metric, saying why', () => {
    expect(recommend({ accuracy: 0.9 }, { accuracy: 0.93 }, { primaryMetric: 'accuracy' })).toEqual({
      uri: 'models:/fraud/2',
      metric: 'accuracy',
      reason: "models:/fraud/2 has higher accuracy (0.93 vs 0.9), by the model's primary metric",
    });
    expect(recommend({ accuracy: 0.95 }, { accuracy: 0.93 }, { primaryMetric: 'accuracy' }).uri).toBe('models:/fraud/1');
  });

  it.each(['rmse', 'val_loss', 'loss', 'log_loss', 'mae', 'test_rmse_mean', 'LATENCY_ms', 'error'])('treats %s as lower-is-better', (name) => {
    const r = recommend({ [name]: 10 }, { [name]: 8 }, { primaryMetric: name });
    expect(r.uri).toBe('models:/fraud/2');
    expect(r.reason).toBe(`models:/fraud/2 has lower ${name} (8 vs 10), by the model's primary metric`);
  });

  it.each(['accuracy', 'glossiness', 'rmsex', 'precision'])('treats %s as higher-is-better', (name) => {
    expect(recommend({ [name]: 10 }, { [name]: 8 }, { primaryMetric: name }).uri).toBe('models:/fraud/1');
  });

  it('follows an explicit primaryMetricGoal over the name', () => {
    expect(recommend({ rmse: 10 }, { rmse: 8 }, { primaryMetric: 'rmse', primaryMetricGoal: 'max' }).uri).toBe('models:/fraud/1');
    expect(recommend({ score: 10 }, { score: 8 }, { primaryMetric: 'score', primaryMetricGoal: 'min' })).toMatchObject({
      uri: 'models:/fraud/2',
      reason: "models:/fraud/2 has lower score (8 vs 10), by the model's primary metric",
    });
  });

  it('without a primary metric, uses the first conventional metric both versions have', () => {
    expect(recommend({ accuracy: 0.9, roc_auc: 0.8 }, { accuracy: 0.8, roc_auc: 0.9 })).toEqual({
      uri: 'models:/fraud/2',
      metric: 'roc_auc',
      reason: 'models:/fraud/2 has higher roc_auc (0.9 vs 0.8), by a conventional metric (the model sets no primary metric)',
    });
    // roc_auc only on one side: the next conventional metric both have decides.
    expect(recommend({ roc_auc: 0.99, accuracy: 0.9 }, { accuracy: 0.95 })).toMatchObject({ uri: 'models:/fraud/2', metric: 'accuracy' });
    // rmse is conventional and lower-is-better.
    expect(recommend({ rmse: 3 }, { rmse: 4 })).toMatchObject({ uri: 'models:/fraud/1', metric: 'rmse' });
  });

  it('with no metric on both versions: no recommendation, and the reason says how to set one', () => {
    expect(recommend({ accuracy: 0.9 }, { f1: 0.8 })).toEqual({
      uri: null,
      metric: null,
      reason: 'no recommendation: no metric recorded on both versions — set one with: modelpilot models update fraud --primary-metric <name>',
    });
    expect(recommend({}, {})).toMatchObject({ uri: null, metric: null });
  });

  it('with the primary metric missing on one side: no recommendation naming it', () => {
    expect(recommend({ accuracy: 0.9, f1: 0.5 }, { f1: 0.8 }, { primaryMetric: 'accuracy' })).toEqual({
      uri: null,
      metric: 'accuracy',
      reason: 'no recommendation: accuracy is not recorded on both versions — set one with: modelpilot models update fraud --primary-metric <name>',
    });
  });

  it('with common metrics that are not conventional: no recommendation, without claiming nothing is common', () => {
    const r = recommend({ precision: 0.7, recall: 0.6 }, { precision: 0.8, recall: 0.5 });
    expect(r.uri).toBeNull();
    expect(r.reason).toContain('--primary-metric');
    // precision and recall are recorded on both: the reason must not say otherwise.
    expect(r.reason).not.toContain('no metric recorded on both versions');
  });

  it('with equal values: no recommendation, keep the current version', () => {
    expect(recommend({ accuracy: 0.9 }, { accuracy: 0.9 }, { primaryMetric: 'accuracy' })).toEqual({
      uri: null,
      metric: 'accuracy',
      reason: 'accuracy is equal (0.9) on both — keep the current version',
    });
    expect(recommend({ rmse: 0 }, { rmse: 0 })).toMatchObject({ uri: null, metric: 'rmse' });
  });
});
