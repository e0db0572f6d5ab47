import { Counter, Gauge, Registry } from 'prom-client';
import type { PlanVersion } from '../contract/index.js';
import { hotCounter, hotHistogram, type HotCounterSeries } from './hot-metrics.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/**
 * The data plane's Prometheus metrics, in a Registry owned by this server (never the global one).
 * The rollout judge and drift monitoring read the per-version series.
 */
export function createServingMetrics() {
  const registry = new Registry();
  const r = [registry];
  // Updated per request or per run: series bound once, no label hashing (hot-metrics).
  const hot = (name: string, help: string, labelNames: readonly string[]) => ({ name, help, labelNames, registry });
  const byVersion = ['endpoint', 'version'];
  return {
    registry,
    requests: hotCounter(hot('modelpilot_requests_total', 'Requests answered, by endpoint, version, protocol and HTTP status', ['endpoint', 'version', 'protocol', 'status'])),
    requestSeconds: hotHistogram({ ...hot('modelpilot_request_duration_seconds', 'Request latency from routing to answer', byVersion), buckets: LATENCY_BUCKETS }),
    inferenceSeconds: hotHistogram({ ...hot('modelpilot_inference_duration_seconds', "Each version's own inference time per run", byVersion), buckets: LATENCY_BUCKETS }),
    batchRows: hotHistogram({ ...hot('modelpilot_batch_rows', 'Rows per inference run', byVersion), buckets: BATCH_BUCKETS }),
    inflight: new Gauge({ name: 'modelpilot_inflight_requests', help: 'Inference requests in flight, mirrored ones included (read at each scrape)', registers: r }),
    loadSeconds: new Gauge({ name: 'modelpilot_model_load_seconds', help: 'Time to load and warm up a version', labelNames: ['model', 'version'], registers: r }),
    loadedVersions: new Gauge({ name: 'modelpilot_loaded_versions', help: 'Versions loaded and serving', registers: r }),
    predictedClass: hotCounter(hot('modelpilot_predicted_class_total', 'Predicted labels, by endpoint, version and class', ['endpoint', 'version', 'class'])),
    score: hotHistogram({ ...hot('modelpilot_prediction_score', 'Top-class probability (classifiers)', byVersion), buckets: SCORE_BUCKETS }),
    invalidInputs: hotCounter(hot('modelpilot_invalid_inputs_total', 'Requests refused by input validation, by endpoint and code', ['endpoint', 'code'])),
    samplesDropped: new Counter({ name: 'modelpilot_samples_dropped_total', help: 'Prediction samples dropped because the queue was full', registers: r }),
    samplesWritten: new Counter({ name: 'modelpilot_samples_written_total', help: 'Prediction samples written to the store', registers: r }),
  };
}

export type ServingMetrics = ReturnType<typeof createServingMetrics>;

/** Pre-bound children for one served version, so the hot path does no label lookups. */
export function versionMetrics(m: ServingMetrics, endpoint: string, entry: PlanVersion) {
  const version = String(entry.version);
  const byStatus = new Map<string, HotCounterSeries>();
  const byClass = new Map<number, HotCounterSeries>();
  return {
    request: m.requestSeconds.labels(endpoint, version),
    score: m.score.labels(endpoint, version),
    counted(protocol: string, status: number) {
      const key = `${protocol}:${status}`;
      let c = byStatus.get(key);
      if (!c) byStatus.set(key, (c = m.requests.labels(endpoint, version, protocol, String(status))));
      c.inc();
    },
    predicted(label: number) {
      let c = byClass.get(label);
      if (!c) byClass.set(label, (c = m.predictedClass.labels(endpoint, version, String(label))));
      c.inc();
    },
  };
}
export type VersionMetrics = ReturnType<typeof versionMetrics>;

/** One gauge sample computed elsewhere (drift, live label metrics, alert states). */
export interface GaugeReading {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const MONITOR_GAUGES: readonly [string, string, readonly string[]][] = [
  ['modelpilot_drift_psi', "A feature's PSI against the reference profile in the newest closed window", ['endpoint', 'version', 'feature']],
  ['modelpilot_drift_p_value', "The p-value behind a feature's drift verdict in the newest closed window", ['endpoint', 'version', 'feature']],
  ['modelpilot_drift_share', 'Share of features drifted in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_prediction_drift_psi', 'PSI of the predictions against the reference target in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_label_coverage', 'Labelled rows over predicted rows in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_live_accuracy', 'Accuracy on joined labels in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_live_f1', 'F1 on joined labels in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_live_mae', 'Mean absolute error on joined labels in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_live_rmse', 'Root mean squared error on joined labels in the newest closed window', ['endpoint', 'version']],
  ['modelpilot_alert_firing', '1 while an alert rule fires for a version, else 0', ['rule', 'endpoint', 'version', 'severity']],
];

/**
 * Monitoring gauges, read from `source` at each scrape (nothing is kept between scrapes).
 * @example monitorGaugesOn(metrics, () => monitorGauges(monitor.state))
 */
export function monitorGaugesOn(m: ServingMetrics, source: () => readonly GaugeReading[]): void {
  // A scrape collects the gauges in registration order: the first reads the source, the others reuse its readings.
  let readings: readonly GaugeReading[] = [];
  MONITOR_GAUGES.forEach(([name, help, labelNames], i) => {
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [m.registry],
      collect() {
        if (i === 0) readings = source();
        this.reset();
        for (const r of readings) if (r.name === name) this.set(r.labels, r.value);
      },
    });
  });
}
