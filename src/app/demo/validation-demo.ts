import { summaryLine, type GatePolicy, type ValidationRun } from '../../contract/index.js';
import { isMpError } from '../../core/index.js';
import type { Config } from '../config.js';
import { openRegistry } from '../open-registry.js';
import { FIXTURES_DIR } from './registry-demo.js';
import type { DemoOutput } from './run-demo.js';

const fx = (name: string): string => `${FIXTURES_DIR}${name}`;

/** What the validation part of the tour showed. */
export interface ValidationDemoResult {
  readonly good: ValidationRun;
  readonly bad: ValidationRun;
  /** The refusal when the bad version tried to take @champion (null if it was not refused — a bug). */
  readonly refusal: string | null;
}

/** The gate policy the tour validates with: holdout thresholds, a fairness limit, lineage, and the defaults. */
export const DEMO_POLICY: GatePolicy = {
  requiredLineage: ['dataset_version'],
  data: { path: fx('gates/breast-cancer-holdout-groups.csv'), target: 'target' },
  evaluate: { accuracy: '>= 0.9', rocAuc: '>= 0.95' },
  bias: { attribute: 'group', metric: 'equalizedOddsDifference', max: 0.1 },
};

/**
 * The validation part of the tour: register a much weaker model and approve it, validate @champion and it on the
 * holdout, and show the failed gates keeping the weak version from @champion.
 */
export async function validationDemo(config: Config, say: DemoOutput): Promise<ValidationDemoResult> {
  const { validateVersion } = await import('../../gates/index.js');
  const opened = await openRegistry(config);
  try {
    const { registry } = opened;
    say.step('register a much weaker version: a logistic regression that sees 2 of the 30 features, and approve it');
    const lineage = { dataset_version: 'wdbc-1995', framework: 'scikit-learn' };
    const weak = await registry.register({ name: 'breast-cancer', file: fx('gates/breast-cancer-weak.onnx'), lineage, reference: { file: fx('breast-cancer-train.csv'), target: 'target' }, tags: { algo: 'logreg-2-features' } });
    await registry.approve(weak.uri, { by: 'dr-review', notes: 'approved before validation, on purpose' });
    say.step(`validate @champion and v${weak.version} on the holdout: thresholds, no regression, fairness by group, drift, robustness, latency`);
    const good = await validateVersion({ uri: 'models:/breast-cancer@champion', policy: DEMO_POLICY }, opened);
    const bad = await validateVersion({ uri: weak.uri, policy: DEMO_POLICY }, opened);
    for (const run of [good, bad]) say.show(`${run.uri}: ${run.outcome} — ${summaryLine(run)}`);
    const [g, b] = [`v${good.version}`, `v${bad.version}`];
    say.table(['gate', g, b, `${b} says`], bad.results.map((r) => [r.gate, good.results.find((x) => x.gate === r.gate)?.outcome ?? '-', r.outcome, r.message.slice(0, 90)]));
    say.step(`try to make ${b} @champion`);
    const refusal = await registry.setAlias('breast-cancer', 'champion', weak.version).then(
      () => null,
      (e: unknown) => {
        if (!isMpError(e, 'MP_REGISTRY_VALIDATION_FAILED')) throw e;
        return e.message;
      },
    );
    say.show(refusal ? `refused: MP_REGISTRY_VALIDATION_FAILED ${refusal}` : 'accepted (unexpected)');
    return { good, bad, refusal };
  } finally {
    await opened.close();
  }
}
