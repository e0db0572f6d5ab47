import type { Gate } from '../gate.js';
import { biasGate } from './bias.js';
import { driftGate } from './drift.js';
import { evaluationGate } from './evaluation.js';
import { integrationGate } from './integration.js';
import { integrityGate } from './integrity.js';
import { latencyGate } from './latency.js';
import { metadataGate } from './metadata.js';
import { metricsGate } from './metrics.js';
import { noRegressionGate } from './no-regression.js';
import { robustnessGate } from './robustness.js';
import { safetyGate } from './safety.js';
import { signatureGate } from './signature.js';
import { unitGate } from './unit.js';

/** The gates `validate` runs, in report order (each runs when the effective policy enables it). */
export const VALIDATION_GATES: readonly Gate[] = [
  integrityGate, safetyGate, signatureGate, metadataGate, metricsGate, unitGate, robustnessGate,
  evaluationGate, noRegressionGate, biasGate, driftGate, latencyGate,
];

/** The seed's full suite for `modelpilot test`: the same gates plus the integration test of a running endpoint. */
export const TEST_GATES: readonly Gate[] = [...VALIDATION_GATES, integrationGate];

export {
  biasGate, driftGate, evaluationGate, integrationGate, integrityGate, latencyGate, metadataGate, metricsGate,
  noRegressionGate, robustnessGate, safetyGate, signatureGate, unitGate,
};
export { escapes } from './safety.js';
