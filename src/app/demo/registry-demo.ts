import { fileURLToPath } from 'node:url';
import { isMpError } from '../../core/index.js';
import type { Registry } from '../../registry/index.js';

/** The committed fixture models and data the demo uses (real sklearn models on sklearn's bundled data). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

const fx = (name: string): string => `${FIXTURES_DIR}${name}`;

/** How the demo talks to its audience. */
export interface DemoNarrator {
  step(title: string): void;
  show(text: string): void;
}

/**
 * The registry part of the demo: register, govern, compare, catalog, verify.
 * Returns the URIs it made, for the later parts (serving, rollouts) to use.
 */
export async function registryDemo(registry: Registry, say: DemoNarrator): Promise<{ champion: string; challenger: string; candidate: string }> {
  say.step('create model breast-cancer with a governance policy (1 approval before production)');
  await registry.createModel({
    name: 'breast-cancer',
    description: 'benign vs malignant from 30 cell-nucleus measurements',
    tags: { owner: 'ml-team', domain: 'health' },
    policy: { approvalsRequired: 1, primaryMetric: 'accuracy', complianceLevel: 'high', dataClassification: 'confidential', retentionDays: 365 },
  });
  const lineage = { data_sources: 'sklearn.datasets.load_breast_cancer', dataset_version: 'wdbc-1995', framework: 'scikit-learn', preprocessing: 'standard-scaler' };
  const reference = { file: fx('breast-cancer-train.csv'), target: 'target' };
  say.step('register v1 (logistic regression) and v2 (random forest), each with the training data as reference profile');
  const v1 = await registry.register({ name: 'breast-cancer', file: fx('breast-cancer-logreg.onnx'), metrics: { accuracy: 0.986, roc_auc: 0.9977 }, params: { C: '1.0' }, lineage, reference, tags: { algo: 'logreg' } });
  const v2 = await registry.register({ name: 'breast-cancer', file: fx('breast-cancer-trees.onnx'), metrics: { accuracy: 0.951, roc_auc: 0.9943 }, params: { n_estimators: '20', max_depth: '5' }, lineage, reference, tags: { algo: 'random-forest' } });
  say.show(`${v1.uri}  ${v1.digest.slice(0, 19)}…  inputs ${v1.signature.inputs.map((i) => `${i.name}[${i.shape.join(',')}]`).join(' ')}`);
  say.show(`${v2.uri}  ${v2.digest.slice(0, 19)}…  profile of ${v2.signature.featureNames?.length ?? 0} features`);
  say.step('register a second model, iris (multiclass), in one command (the model is created on the fly)');
  const iris = await registry.register({ name: 'iris', file: fx('iris-logreg.onnx'), metrics: { accuracy: 0.933 }, reference: { file: fx('iris-train.csv'), target: 'target' } });
  say.show(iris.uri);

  say.step('try to make v1 @champion before anyone approved it');
  try {
    await registry.setAlias('breast-cancer', 'champion', 1);
  } catch (e) {
    if (!isMpError(e)) throw e;
    say.show(`refused: ${e.code} ${e.message}`);
  }
  say.step('approve v1, then make it @champion and move it to Production; v2 becomes @challenger');
  await registry.approve(v1.uri, { by: 'dr-review', notes: 'holdout accuracy 0.986 checked' });
  await registry.setAlias('breast-cancer', 'champion', 1);
  await registry.setStage(v1.uri, 'Production', { archiveExisting: true });
  await registry.setAlias('breast-cancer', 'challenger', 2);

  say.step('compare v1 and v2');
  const cmp = await registry.compare('breast-cancer', 1, 2);
  for (const m of cmp.metrics) say.show(`${m.name.padEnd(10)} v1=${m.a}  v2=${m.b}  change ${m.pctChange?.toFixed(2)}%`);
  say.show(`recommendation: ${cmp.recommendation.reason}`);

  say.step('register v3, the logistic regression retrained with C=1.1, and approve it for production');
  const v3 = await registry.register({ name: 'breast-cancer', file: fx('breast-cancer-logreg-c11.onnx'), metrics: { accuracy: 0.986, roc_auc: 0.9977 }, params: { C: '1.1' }, lineage, reference, tags: { algo: 'logreg' } });
  await registry.approve(v3.uri, { by: 'dr-review', notes: 'retrain checked' });
  say.show(`${v3.uri} approved`);
  return { champion: v1.uri, challenger: v2.uri, candidate: v3.uri };
}
