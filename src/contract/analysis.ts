import { Type, type Static } from 'typebox';

/** Metrics the judge knows, each comparing the canary (or shadow) with the stable version. */
export const ANALYSIS_METRICS = ['errorRate', 'latencyP99', 'inferenceLatency', 'predictionShift', 'classMix', 'invalidInputs', 'shadowAgreement', 'inputDrift', 'liveAccuracy'] as const;
export type AnalysisMetric = (typeof ANALYSIS_METRICS)[number];
export const AnalysisMetricSchema = Type.Union(ANALYSIS_METRICS.map((m) => Type.Literal(m)) as [ReturnType<typeof Type.Literal<AnalysisMetric>>]);

/** How analyses are judged (the spec's `analysis:` block); every field has a default. */
export const AnalysisSpec = Type.Object(
  {
    metrics: Type.Optional(Type.Array(AnalysisMetricSchema, { minItems: 1 })),
    /** Kayenta-style score thresholds: ≥ pass passes, ≥ marginal is inconclusive, below fails. */
    thresholds: Type.Optional(Type.Object({ pass: Type.Number({ minimum: 0, maximum: 100 }), marginal: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false })),
    /** Confidence of the whole rollout's decisions (split over its analyses and metrics). */
    confidence: Type.Optional(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1 })),
    /** Relative change a metric must exceed to count, e.g. 0.25 = 25% slower. */
    tolerance: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Metrics whose failure fails the analysis at once. */
    critical: Type.Optional(Type.Array(AnalysisMetricSchema)),
    /** Smallest per-arm sample before judging (fewer → Inconclusive, the window extends). */
    minSamples: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Shadow strategy: the least label agreement that passes. */
    minAgreement: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** inputDrift: the new version fails when at least this share of features drifted from its own reference profile (and more than for stable). */
    maxDriftShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    /** liveAccuracy: labels each arm needs before it is judged. */
    minLabels: Type.Optional(Type.Integer({ minimum: 1 })),
    /** liveAccuracy: the new version fails when its accuracy on joined labels is lower than stable's by more than this (absolute). */
    accuracyMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);
export type AnalysisSpec = Static<typeof AnalysisSpec>;

const Verdict = Type.Union([Type.Literal('Pass'), Type.Literal('High'), Type.Literal('Low'), Type.Literal('NoData')]);

const ArmFigure = Type.Object({ n: Type.Integer(), value: Type.Union([Type.Number(), Type.Null()]) });

/** One metric's comparison with the numbers behind it. */
export const MetricResult = Type.Object({
  metric: AnalysisMetricSchema,
  verdict: Verdict,
  critical: Type.Boolean(),
  stable: ArmFigure,
  canary: ArmFigure,
  test: Type.String(),
  statistic: Type.Union([Type.Number(), Type.Null()]),
  pValue: Type.Union([Type.Number(), Type.Null()]),
  /** Confidence interval of the effect (canary − stable), when the test gives one. */
  interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  /** Size of the effect the verdict used (relative change, KS distance, …). */
  effect: Type.Union([Type.Number(), Type.Null()]),
  alpha: Type.Number(),
  message: Type.String(),
});
export type MetricResult = Static<typeof MetricResult>;

/** A judged analysis: outcome, Kayenta-style score and every metric's result. */
export const AnalysisReport = Type.Object({
  at: Type.String(),
  outcome: Type.Union([Type.Literal('Pass'), Type.Literal('Running'), Type.Literal('Inconclusive'), Type.Literal('Error'), Type.Literal('Fail')]),
  score: Type.Union([Type.Number(), Type.Null()]),
  samples: Type.Object({ stable: Type.Integer(), canary: Type.Integer() }),
  metrics: Type.Array(MetricResult),
  reason: Type.String(),
});
export type AnalysisReport = Static<typeof AnalysisReport>;
