/**
 * Validation gates: pre-deploy checks of a version behind one small interface, run by `runGates` into a validation
 * run (a failing gate is data), stored by the registry, and rendered as JSON, JUnit XML and HTML.
 */
export type { Gate, GateContext, GateVerdict, ServiceTarget, Comparand } from './gate.js';
export { verdict } from './gate.js';
export { runGates, type RunGatesDeps } from './run-gates.js';
export { validateVersion, type ValidateInput } from './validate-version.js';
export type { GateDeps, GateInputs } from './context.js';
export { effectivePolicy, DEFAULT_DRIFT, DEFAULT_LATENCY, DEFAULT_NO_REGRESSION, type Availability } from './default-policy.js';
export { summarizeRun } from './summary.js';
export { parseThreshold, meets, judge, type ParsedThreshold } from './threshold.js';
export { VALIDATION_GATES, TEST_GATES } from './builtin/index.js';
export { holdoutFromTable, type Holdout, type HoldoutOptions } from './data/holdout.js';
export { readHoldout } from './data/read-holdout.js';
export { datasetDrift, type DatasetDrift, type FeatureDrift } from './drift/index.js';
export { summarizeOnnx, type OnnxSummary } from './onnx/model-proto.js';
export { renderHtml, renderJson, renderJunit } from './reports/index.js';
