import { Type, type Static } from 'typebox';
import { literalUnion } from './_literals.js';

const NUMBER = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;

/**
 * A threshold as users write it: `">= 0.90"`, `"<= 0.1"`, `"> 0.5"`, `"< 3"`, `"== 1"`, or an inclusive range
 * `"0.8..0.95"`. Parsed by gates/threshold.ts.
 */
export const Threshold = Type.String({
  pattern: String.raw`^\s*(?:(?:>=|<=|>|<|==)\s*${NUMBER}|${NUMBER}\s*\.\.\s*${NUMBER})\s*$`,
  description: 'e.g. ">= 0.90", "<= 0.1", "0.8..0.95"',
});
export type Threshold = Static<typeof Threshold>;

const Thresholds = Type.Record(Type.String({ minLength: 1 }), Threshold);
const Names = Type.Array(Type.String({ minLength: 1 }));
/** `false` turns a gate that runs by default off. */
const Off = Type.Literal(false);

/** Metrics the evaluation gate computes on the holdout (the names `evaluate:` and `noRegression.metric` accept). */
export const EVALUATION_METRICS = [
  'accuracy', 'precision', 'recall', 'f1', 'precisionMacro', 'recallMacro', 'f1Macro',
  'precisionWeighted', 'recallWeighted', 'f1Weighted', 'rocAuc', 'logLoss', 'rmse', 'mae', 'r2',
] as const;
export type EvaluationMetric = (typeof EVALUATION_METRICS)[number];
const EvaluationMetricName = literalUnion(EVALUATION_METRICS);

/** Group-fairness measures the bias gate can judge. */
export const FAIRNESS_METRICS = ['accuracyGap', 'demographicParityDifference', 'equalizedOddsDifference', 'disparateImpactRatio'] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

const Integrity = Type.Object(
  { maxBytes: Type.Optional(Type.Integer({ minimum: 1, description: 'largest artifact accepted (default 2 GiB)' })) },
  { additionalProperties: false },
);

const Safety = Type.Object(
  {
    allowedDomains: Type.Optional(Type.Array(Type.String(), { description: "operator domains allowed; '' and 'ai.onnx' are the default domain" })),
    opsetRange: Type.Optional(Type.Object({ min: Type.Integer({ minimum: 1 }), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    maxNodes: Type.Optional(Type.Integer({ minimum: 1 })),
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, description: 'largest total size of the weights (initializers) stored in the file' })),
  },
  { additionalProperties: false },
);

const Data = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'holdout CSV (relative paths are relative to the policy file)' }),
    target: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

const Bootstrap = Type.Object(
  {
    iterations: Type.Optional(Type.Integer({ minimum: 10, maximum: 100_000 })),
    confidence: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const NoRegression = Type.Object(
  {
    against: Type.Optional(Type.String({ minLength: 1, description: 'an alias (default champion) or a version number' })),
    metric: Type.Optional(EvaluationMetricName),
    tolerance: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const Latency = Type.Object(
  {
    p50Ms: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    p99Ms: Type.Number({ exclusiveMinimum: 0 }),
    batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'rows per run the limits apply to (default 1)' })),
    runs: Type.Optional(Type.Integer({ minimum: 10, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

const Bias = Type.Object(
  {
    attribute: Type.String({ minLength: 1, description: 'the protected-attribute column of the holdout' }),
    metric: literalUnion(FAIRNESS_METRICS),
    max: Type.Optional(Type.Number()),
    min: Type.Optional(Type.Number()),
    positiveClass: Type.Optional(Type.Integer({ minimum: 0, description: 'the favourable label (default 1)' })),
  },
  { additionalProperties: false },
);

const Drift = Type.Object(
  {
    maxShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'dataset drift when the drifted share of features is at least this (default 0.5)' })),
    pValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'KS / chi-square / z-test threshold (default 0.05)' })),
    distance: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Wasserstein (normed) / Jensen-Shannon threshold (default 0.1)' })),
    psiMax: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'also call a feature drifted when its PSI exceeds this (default: PSI is reported only)' })),
    features: Type.Optional(Names),
  },
  { additionalProperties: false },
);

const Robustness = Type.Object(
  {
    nonFinite: Type.Optional(Type.Union([Type.Literal('reject'), Type.Literal('allow')], { description: "the data plane's NaN/Inf policy the model is served with (default reject)" })),
    hugeBatch: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

/**
 * The gate policy file (`modelpilot validate --policy gates.yaml`). Every section is optional: a policy changes the
 * defaults (see gates/default-policy.ts), and `false` turns a default gate off.
 */
export const GatePolicy = Type.Object(
  {
    requiredTags: Type.Optional(Names),
    requiredLineage: Type.Optional(Names),
    approvals: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    metrics: Type.Optional(Thresholds),
    data: Type.Optional(Data),
    evaluate: Type.Optional(Type.Union([Thresholds, Off])),
    bootstrap: Type.Optional(Bootstrap),
    noRegression: Type.Optional(Type.Union([NoRegression, Off])),
    latency: Type.Optional(Type.Union([Latency, Off])),
    bias: Type.Optional(Bias),
    drift: Type.Optional(Type.Union([Drift, Off])),
    integrity: Type.Optional(Type.Union([Integrity, Off])),
    safety: Type.Optional(Type.Union([Safety, Off])),
    signature: Type.Optional(Type.Boolean()),
    unit: Type.Optional(Type.Boolean()),
    robustness: Type.Optional(Type.Union([Robustness, Type.Boolean()])),
  },
  { additionalProperties: false },
);
export type GatePolicy = Static<typeof GatePolicy>;
