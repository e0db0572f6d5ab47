import { Type, type Static } from 'typebox';
import { literalUnion } from './_literals.js';

const Strict = { additionalProperties: false } as const;

/** A duration as users write it in monitoring files: `90s`, `10m`, `1h`, `7d`, or a number of seconds. */
export const LongDuration = Type.Union([Type.String({ pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)$' }), Type.Number({ minimum: 0 })]);

/** What an alert rule watches in each closed window. */
export const ALERT_METRICS = [
  'featurePsi',
  'featureJs',
  'driftedFeatures',
  'datasetDriftShare',
  'predictionPsi',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'mae',
  'rmse',
  'labelCoverage',
  'errorRate',
  'latencyP99',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
/** Metrics computed from joined labels: they wait for `minLabels` labels in the window. */
export const LABEL_METRICS: readonly AlertMetric[] = ['accuracy', 'precision', 'recall', 'f1', 'mae', 'rmse'];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];


/** One alert rule, as Prometheus writes them: a condition on a window metric that must hold for `for` windows. */
export const AlertRule = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    metric: literalUnion(ALERT_METRICS),
    /** For featurePsi / featureJs: one feature (default: the worst feature of the window). */
    feature: Type.Optional(Type.String({ minLength: 1 })),
    /** Only this endpoint (default: every endpoint). */
    endpoint: Type.Optional(Type.String({ minLength: 1 })),
    op: Type.Union([Type.Literal('>'), Type.Literal('>='), Type.Literal('<'), Type.Literal('<=')]),
    threshold: Type.Number(),
    /** Consecutive windows the condition must hold before the alert fires (default 1). */
    for: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    severity: Type.Optional(literalUnion(ALERT_SEVERITIES)),
    /** After a notification, the same alert stays quiet this long (default 10m): flapping is not re-notified. */
    cooldown: Type.Optional(LongDuration),
    /** Label metrics need this many labels in the window before they count (default 50). */
    minLabels: Type.Optional(Type.Integer({ minimum: 1 })),
    description: Type.Optional(Type.String()),
  },
  Strict,
);
export type AlertRule = Static<typeof AlertRule>;

/** The monitoring file `modelpilot serve --monitor monitor.yaml` reads. */
export const MonitorConfig = Type.Object(
  {
    window: Type.Optional(
      Type.Object(
        {
          /** Tumbling windows of this length, aligned to the clock (default 60s)… */
          duration: Type.Optional(LongDuration),
          /** …or closed early once they hold this many predicted rows. */
          rows: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        Strict,
      ),
    ),
    /** A window with fewer predicted rows gets no drift verdict (default 100). */
    minRows: Type.Optional(Type.Integer({ minimum: 1 })),
    drift: Type.Optional(
      Type.Object(
        {
          /** A feature drifted when its test's p-value is below this… (default 0.01) */
          pValue: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
          /** …and its PSI is at least this (default 0.1): significant and large enough to matter. */
          psi: Type.Optional(Type.Number({ minimum: 0 })),
          /** The dataset drifted when this share of features did (default 0.5, as Evidently). */
          share: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
          /** The test behind the p-value (default chi-square on the profile's bins; ks on the kept raw values). */
          test: Type.Optional(Type.Union([Type.Literal('chi-square'), Type.Literal('ks')])),
        },
        Strict,
      ),
    ),
    /** Closed windows, samples and labels older than this are deleted (default 7d). */
    retention: Type.Optional(LongDuration),
    rules: Type.Optional(Type.Array(AlertRule)),
    notify: Type.Optional(Type.Array(Type.Object({ url: Type.String({ minLength: 1 }), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('slack')])) }, Strict))),
  },
  Strict,
);
export type MonitorConfig = Static<typeof MonitorConfig>;

/** A test result behind a drift verdict. */
export const TestResult = Type.Object({ statistic: Type.Number(), pValue: Type.Number() });

/** One feature's (or the predictions') drift in a window, with the numbers behind the verdict. */
export const FeatureDriftResult = Type.Object({
  name: Type.String(),
  /** bins: the profile's quantile bins; values: a discrete feature's values; categories: a categorical one's. */
  kind: Type.Union([Type.Literal('bins'), Type.Literal('values'), Type.Literal('categories')]),
  rows: Type.Integer(),
  referenceRows: Type.Integer(),
  missing: Type.Integer(),
  psi: Type.Number(),
  js: Type.Number(),
  chiSquare: Type.Intersect([TestResult, Type.Object({ dof: Type.Integer() })]),
  /** Against the reference's percentile CDF, on the raw values the window keeps (null: none kept). */
  ks: Type.Union([Type.Null(), Type.Intersect([TestResult, Type.Object({ rows: Type.Integer() })])]),
  /** The p-value the verdict used (chi-square's or KS's), and the limits. */
  pValue: Type.Number(),
  drifted: Type.Boolean(),
  reason: Type.String(),
});
export type FeatureDriftResult = Static<typeof FeatureDriftResult>;

export const WindowDrift = Type.Object({
  features: Type.Array(FeatureDriftResult),
  tested: Type.Integer(),
  drifted: Type.Integer(),
  share: Type.Number(),
  datasetDrift: Type.Boolean(),
  /** Predicted classes (or values) against the reference target's distribution; null when the profile has no target. */
  prediction: Type.Union([Type.Null(), FeatureDriftResult]),
  thresholds: Type.Object({ pValue: Type.Number(), psi: Type.Number(), share: Type.Number(), test: Type.String() }),
});
export type WindowDrift = Static<typeof WindowDrift>;

/** Live quality from the labels joined so far (late labels keep updating a closed window). */
export const LabelStats = Type.Object({
  labelled: Type.Integer(),
  /** Labelled rows / predicted rows of the window. */
  coverage: Type.Number(),
  kind: Type.Union([Type.Literal('classification'), Type.Literal('regression'), Type.Null()]),
  accuracy: Type.Union([Type.Number(), Type.Null()]),
  /** Binary: of class 1; multiclass: macro average. */
  precision: Type.Union([Type.Number(), Type.Null()]),
  recall: Type.Union([Type.Number(), Type.Null()]),
  f1: Type.Union([Type.Number(), Type.Null()]),
  mae: Type.Union([Type.Number(), Type.Null()]),
  rmse: Type.Union([Type.Number(), Type.Null()]),
});
export type LabelStats = Static<typeof LabelStats>;

/** Requests the version answered during the window (from the data plane's recorder). */
export const WindowTraffic = Type.Object({
  requests: Type.Integer(),
  errors: Type.Integer(),
  invalid: Type.Integer(),
  errorRate: Type.Number(),
  latencyP99Ms: Type.Union([Type.Number(), Type.Null()]),
});
export type WindowTraffic = Static<typeof WindowTraffic>;

/** One tumbling window of one version of an endpoint. */
export const MonitorWindow = Type.Object({
  endpoint: Type.String(),
  model: Type.String(),
  version: Type.Integer(),
  seq: Type.Integer(),
  start: Type.String(),
  end: Type.String(),
  closed: Type.Boolean(),
  /** Sampled requests and their predicted rows. */
  samples: Type.Integer(),
  rows: Type.Integer(),
  /** Null when the window has fewer rows than `minRows`, or the version has no reference profile. */
  drift: Type.Union([Type.Null(), WindowDrift]),
  /** Predicted class counts (classifiers) or null. */
  predictedClasses: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Integer())]),
  /** Classifiers: rows by positive-class (binary) or top-class probability, in ten bins of 0.1 from 0 to 1; else null. */
  scores: Type.Union([Type.Null(), Type.Array(Type.Integer())]),
  labels: LabelStats,
  traffic: Type.Union([Type.Null(), WindowTraffic]),
});
export type MonitorWindow = Static<typeof MonitorWindow>;

export const ALERT_STATES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

/** Where one rule stands for one version of one endpoint. */
export const AlertState = Type.Object({
  rule: Type.String(),
  endpoint: Type.String(),
  version: Type.Integer(),
  state: literalUnion(ALERT_STATES),
  severity: literalUnion(ALERT_SEVERITIES),
  /** Consecutive windows the condition held. */
  streak: Type.Integer(),
  value: Type.Union([Type.Number(), Type.Null()]),
  /** The window that last changed it. */
  window: Type.Union([Type.Integer(), Type.Null()]),
  since: Type.String(),
  lastNotifiedAt: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type AlertState = Static<typeof AlertState>;

/** GET /api/v1/endpoints/{endpoint}/monitor */
export const MonitorView = Type.Object({
  endpoint: Type.String(),
  versions: Type.Array(Type.Object({ model: Type.String(), version: Type.Integer(), open: Type.Union([Type.Null(), MonitorWindow]), windows: Type.Array(MonitorWindow) })),
  alerts: Type.Array(AlertState),
  pendingLabels: Type.Integer(),
});
export type MonitorView = Static<typeof MonitorView>;

/** A ground-truth label: a class (number or text) or a value; an array for a request of several rows. */
export const LabelValue = Type.Union([Type.Number(), Type.String(), Type.Array(Type.Union([Type.Number(), Type.String()]), { minItems: 1 })]);
export const FeedbackItem = Type.Object({ request_id: Type.String({ minLength: 1, maxLength: 256 }), label: LabelValue }, Strict);
export type FeedbackItem = Static<typeof FeedbackItem>;
/** POST /api/v1/models/{endpoint}/feedback: one item, or many as an array or under `items`. */
export const FeedbackRequest = Type.Union([FeedbackItem, Type.Array(FeedbackItem, { minItems: 1, maxItems: 10_000 }), Type.Object({ items: Type.Array(FeedbackItem, { minItems: 1, maxItems: 10_000 }) }, Strict)]);
export type FeedbackRequest = Static<typeof FeedbackRequest>;

export const FeedbackResult = Type.Object({
  received: Type.Integer(),
  /** Joined to their sampled prediction now. */
  joined: Type.Integer(),
  /** The same label again for a request already labelled: nothing changed. */
  duplicate: Type.Integer(),
  /** A different label for a request already labelled: the new one replaced it. */
  corrected: Type.Integer(),
  /** No sampled prediction has these ids (yet): kept, and joined if the prediction's sample arrives. */
  unknown: Type.Array(Type.String()),
});
export type FeedbackResult = Static<typeof FeedbackResult>;
