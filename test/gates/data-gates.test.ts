import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { biasGate, driftGate, evaluationGate, noRegressionGate } from '../../src/gates/builtin/index.js';
import { expected } from '../helpers/fixtures.js';
import { checkGate, gateExpected, gateFixture, holdoutOf, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// The gates that judge the model on holdout data, against the numbers sklearn recorded when the fixtures were made
// (test/fixtures/expected.json, test/fixtures/gates/expected-gates.json).

let h: RegistryHarness;
beforeAll(async () => {
  h = await openHarness('sqlite');
  await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx'); // bc/1: the champion
  await registerFixture(h, 'bc', 'breast-cancer-trees.onnx'); // bc/2
  await registerFixture(h, 'bc', gateFixture('breast-cancer-weak.onnx')); // bc/3
  await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx', { reference: false }); // bc/4: no profile
  await registerFixture(h, 'iris', 'iris-logreg.onnx');
  await registerFixture(h, 'diabetes', 'diabetes-linear.onnx');
  await registerFixture(h, 'diabetes', 'diabetes-linear.onnx');
  await h.registry.approve('bc/1', { by: 'ana' });
  await h.registry.setAlias('bc', 'champion', 1);
  await h.registry.setAlias('diabetes', 'champion', 1);
});
afterAll(async () => h?.close());

const on = async (uri: string, csv: string, exclude?: string[]) => holdoutOf(csv, await h.registry.getVersion(uri), exclude ? { exclude } : {});
const metricsOf = (r: { details: Record<string, unknown> }) => r.details['metrics'] as Record<string, number>;
/** A number sklearn recorded for a fixture model in test/fixtures/expected.json. */
const sk = (file: string, key: string): number => (expected[file] as unknown as Record<string, number>)[key]!;

describe('evaluation gate', () => {
  it.each([
    ['bc/1', 'breast-cancer-logreg.onnx'],
    ['bc/2', 'breast-cancer-trees.onnx'],
  ])('recomputes %s accuracy and ROC AUC as sklearn did', async (uri, file) => {
    const r = await checkGate(h, evaluationGate, uri, { holdout: await on(uri, 'breast-cancer-holdout.csv') });
    expect(r.outcome).toBe('Pass');
    expect(metricsOf(r)['accuracy']).toBe(expected[file]!.accuracy);
    expect(metricsOf(r)['rocAuc']).toBeCloseTo(sk(file, 'roc_auc'), 12);
    expect(Object.keys(metricsOf(r)).sort()).toEqual(['accuracy', 'f1', 'f1Macro', 'f1Weighted', 'logLoss', 'precision', 'precisionMacro', 'precisionWeighted', 'recall', 'recallMacro', 'recallWeighted', 'rocAuc']);
  });

  it('gives the confusion matrix and a bootstrap interval around the estimate', async () => {
    const r = await checkGate(h, evaluationGate, 'bc/3', { holdout: await on('bc/3', 'breast-cancer-holdout.csv') });
    expect(metricsOf(r)['accuracy']).toBe(gateExpected['breast-cancer-weak.onnx'].accuracy);
    expect(metricsOf(r)['rocAuc']).toBeCloseTo(gateExpected['breast-cancer-weak.onnx'].roc_auc, 12);
    const confusion = r.details['confusion'] as { matrix: number[][] };
    expect(confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(143);
    expect((confusion.matrix[0]![0]! + confusion.matrix[1]![1]!) / 143).toBe(metricsOf(r)['accuracy']);
    const ci = (r.details['intervals'] as Record<string, { lower: number; upper: number }>)['accuracy']!;
    expect(ci.lower).toBeLessThan(metricsOf(r)['accuracy']!);
    expect(ci.upper).toBeGreaterThan(metricsOf(r)['accuracy']!);
    expect(r.details['bootstrap']).toEqual({ iterations: 1000, confidence: 0.95, seed: 42 });
  });

  it('recomputes multiclass accuracy and regression errors', async () => {
    const iris = await checkGate(h, evaluationGate, 'iris/1', { holdout: await on('iris/1', 'iris-holdout.csv') });
    expect(metricsOf(iris)['accuracy']).toBe(expected['iris-logreg.onnx']!.accuracy);
    expect(metricsOf(iris)['precision']).toBeUndefined();
    const diabetes = await checkGate(h, evaluationGate, 'diabetes/1', { holdout: await on('diabetes/1', 'diabetes-holdout.csv') });
    // ONNX computes in float32: within 1e-6 relative of sklearn's float64 numbers.
    expect(metricsOf(diabetes)['rmse']! / expected['diabetes-linear.onnx']!.rmse!).toBeCloseTo(1, 6);
    expect(metricsOf(diabetes)['r2']!).toBeCloseTo(sk('diabetes-linear.onnx', 'r2'), 6);
  });

  it('fails thresholds the holdout does not meet and names them', async () => {
    const r = await checkGate(h, evaluationGate, 'bc/2', { holdout: await on('bc/2', 'breast-cancer-holdout.csv'), policy: { evaluate: { accuracy: '>= 0.99', rocAuc: '>= 0.97', logLoss: '<= 1' } } });
    expect(r).toMatchObject({ outcome: 'Fail', score: expected['breast-cancer-trees.onnx']!.accuracy, threshold: 'accuracy >= 0.99, rocAuc >= 0.97, logLoss <= 1' });
    expect(r.message).toBe('on 143 holdout rows: accuracy 0.951 (needs >= 0.99)');
  });

  it('is an Error, with the fix, for an unknown metric or no data', async () => {
    const unknown = await checkGate(h, evaluationGate, 'bc/1', { holdout: await on('bc/1', 'breast-cancer-holdout.csv'), policy: { evaluate: { auc: '>= 0.9' } } });
    expect(unknown.outcome).toBe('Error');
    expect(unknown.message).toContain("'auc' is not an evaluation metric; use one of accuracy, precision");
    const none = await checkGate(h, evaluationGate, 'bc/1', { policy: { evaluate: { accuracy: '>= 0.9' } } });
    expect(none).toMatchObject({ outcome: 'Error', details: { error: 'MP_GATES_DATA_REQUIRED' } });
  });
});

describe('no-regression gate', () => {
  it('fails a much worse version against @champion on the same holdout', async () => {
    const r = await checkGate(h, noRegressionGate, 'bc/3', { holdout: await on('bc/3', 'breast-cancer-holdout.csv') });
    expect(r.outcome).toBe('Fail');
    expect(r.score).toBeCloseTo(gateExpected['breast-cancer-weak.onnx'].accuracy - expected['breast-cancer-logreg.onnx']!.accuracy!, 12);
    expect(r.details).toMatchObject({ against: 'champion', baselineUri: 'models:/bc/1', metric: 'accuracy', tolerance: 0.01 });
    const interval = r.details['interval'] as { lower: number; upper: number };
    expect(interval.upper).toBeLessThan(0);
  });

  it('passes within the tolerance and compares with a version number on request', async () => {
    const holdout = await on('bc/2', 'breast-cancer-holdout.csv');
    expect((await checkGate(h, noRegressionGate, 'bc/2', { holdout })).outcome).toBe('Fail');
    expect((await checkGate(h, noRegressionGate, 'bc/2', { holdout, policy: { noRegression: { tolerance: 0.05 } } })).outcome).toBe('Pass');
    const vsWeak = await checkGate(h, noRegressionGate, 'bc/2', { holdout, policy: { noRegression: { against: '3', metric: 'rocAuc' } } });
    expect(vsWeak).toMatchObject({ outcome: 'Pass', details: { baselineUri: 'models:/bc/3', metric: 'rocAuc' } });
  });

  it('treats lower-is-better metrics the right way round', async () => {
    const holdout = await on('diabetes/2', 'diabetes-holdout.csv');
    const same = await checkGate(h, noRegressionGate, 'diabetes/2', { holdout, policy: { noRegression: { metric: 'rmse', tolerance: 0 } } });
    expect(same).toMatchObject({ outcome: 'Pass', score: 0, threshold: 'difference <= +0' });
    const wrongKind = await checkGate(h, noRegressionGate, 'diabetes/2', { holdout, policy: { noRegression: { metric: 'rocAuc' } } });
    expect(wrongKind.outcome).toBe('Error');
  });

  it('skips when there is nothing to compare with', async () => {
    expect(await checkGate(h, noRegressionGate, 'iris/1', { holdout: await on('iris/1', 'iris-holdout.csv') })).toMatchObject({ outcome: 'Skipped', message: 'nothing to compare with: champion does not exist for iris' });
    expect(await checkGate(h, noRegressionGate, 'bc/1', { holdout: await on('bc/1', 'breast-cancer-holdout.csv') })).toMatchObject({ outcome: 'Skipped', message: 'models:/bc/1 is champion itself' });
  });
});

describe('bias gate', () => {
  const groups = async (uri: string) => on(uri, gateFixture('breast-cancer-holdout-groups.csv'), ['group']);
  const policy = { bias: { attribute: 'group', metric: 'equalizedOddsDifference' as const, max: 0.1 } };

  it('passes the good model and reports the same group rates numpy computed', async () => {
    const r = await checkGate(h, biasGate, 'bc/1', { holdout: await groups('bc/1'), policy });
    const want = gateExpected['breast-cancer-holdout-groups.csv'].fairness_logreg;
    expect(r).toMatchObject({ outcome: 'Pass', threshold: '<= 0.1' });
    expect(r.score).toBeCloseTo(want.equalizedOddsDifference, 15);
    const rates = r.details['groups'] as { group: string; n: number; accuracy: number; selectionRate: number; tpr: number; fpr: number }[];
    for (const g of rates) {
      const w = want.groups[g.group]!;
      expect([g.n, g.accuracy, g.selectionRate, g.tpr, g.fpr].map((v) => Number(v.toFixed(12)))).toEqual([w.n, w.accuracy, w.selectionRate, w.tpr, w.fpr].map((v) => Number(v.toFixed(12))));
    }
    const summary = r.details['summary'] as Record<string, number>;
    expect(summary['demographicParityDifference']).toBeCloseTo(want.demographicParityDifference, 12);
    expect(summary['disparateImpactRatio']).toBeCloseTo(want.disparateImpactRatio, 12);
  });

  it('fails the weak model, whose error rates differ across groups', async () => {
    const r = await checkGate(h, biasGate, 'bc/3', { holdout: await groups('bc/3'), policy });
    expect(r.outcome).toBe('Fail');
    expect(r.score).toBeCloseTo(gateExpected['breast-cancer-holdout-groups.csv'].fairness_weak.equalizedOddsDifference, 12);
    const gap = await checkGate(h, biasGate, 'bc/3', { holdout: await groups('bc/3'), policy: { bias: { attribute: 'group', metric: 'accuracyGap', max: 0.1 } } });
    expect(gap.score).toBeCloseTo(gateExpected['breast-cancer-holdout-groups.csv'].fairness_weak.accuracyGap, 12);
  });

  it('reports without judging when the policy sets no limit, and a min limit for the ratio', async () => {
    const unjudged = await checkGate(h, biasGate, 'bc/1', { holdout: await groups('bc/1'), policy: { bias: { attribute: 'group', metric: 'disparateImpactRatio' } } });
    expect(unjudged.outcome).toBe('Warn');
    expect(unjudged.message).toContain('reported, not judged: set bias.max or bias.min');
    const ratio = await checkGate(h, biasGate, 'bc/1', { holdout: await groups('bc/1'), policy: { bias: { attribute: 'group', metric: 'disparateImpactRatio', min: 0.8 } } });
    expect(ratio).toMatchObject({ outcome: 'Fail', threshold: '>= 0.8' });
  });

  it('is an Error for a missing attribute column or a regressor', async () => {
    const missing = await checkGate(h, biasGate, 'bc/1', { holdout: await on('bc/1', 'breast-cancer-holdout.csv'), policy });
    expect(missing.outcome).toBe('Error');
    expect(missing.message).toContain("has no protected-attribute column 'group'");
  });
});

describe('drift gate', () => {
  it('passes the real holdout (no feature drifted, as scipy found against the raw training data)', async () => {
    const r = await checkGate(h, driftGate, 'bc/1', { holdout: await on('bc/1', 'breast-cancer-holdout.csv') });
    expect(r).toMatchObject({ outcome: 'Pass', score: 0, threshold: 'share < 0.5', details: { tested: 30, drifted: gateExpected.drift.none.ks_drifted_vs_train } });
  });

  it('fails a holdout where 20 of 30 features moved', async () => {
    const r = await checkGate(h, driftGate, 'bc/1', { holdout: await on('bc/1', gateFixture('breast-cancer-holdout-drift-many.csv')) });
    expect(r).toMatchObject({ outcome: 'Fail', details: { drifted: gateExpected.drift.many.ks_drifted_vs_train } });
    expect(r.score).toBeCloseTo(20 / 30, 15);
    expect(r.message).toMatch(/^dataset drift: 20 of 30 features drifted \(share 0\.6667\): mean_radius, /);
  });

  it('names a single drifted feature without calling dataset drift, unless the share limit is that low', async () => {
    const holdout = await on('bc/1', gateFixture('breast-cancer-holdout-drift-one.csv'));
    expect(await checkGate(h, driftGate, 'bc/1', { holdout })).toMatchObject({ outcome: 'Pass', message: 'no dataset drift: 1 of 30 features drifted (share 0.03333): mean_radius' });
    expect((await checkGate(h, driftGate, 'bc/1', { holdout, policy: { drift: { maxShare: 0.03 } } })).outcome).toBe('Fail');
  });

  it('is an Error for a version registered without a reference profile', async () => {
    const r = await checkGate(h, driftGate, 'bc/4', { holdout: await on('bc/4', 'breast-cancer-holdout.csv'), policy: { drift: {} } });
    expect(r.outcome).toBe('Error');
    expect(r.message).toContain('has no reference profile to compare with — register it with --reference train.csv');
  });
});
