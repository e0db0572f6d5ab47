import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutRows, metricSamples, metricValue, oipRequest, startServing, type MetricSample, type ServingHarness } from '../helpers/serving.js';

// /metrics in Prometheus text format after a known mix of traffic on a fresh server: exact counts where the traffic
// fixes them.

let h: ServingHarness;
let text: string;
let contentType: string | null;
let m: MetricSample[];
const labelsSeen: number[] = [];
const irisLabels: number[] = [];
/** Rows each version ran at warm-up: the reference profile's sample rows. */
let warmupRows: number;

const bc = holdoutRows('breast-cancer-holdout.csv').rows;
const iris = holdoutRows('iris-holdout.csv').rows;
const bad = { inputs: [{ name: 'input', shape: [1, 29], datatype: 'FP32', data: bc[0]!.slice(1) }] };
const nonFinite = `{"inputs":[{"name":"input","shape":[1,30],"datatype":"FP32","data":[1e400${',1'.repeat(29)}]}]}`;

beforeAll(async () => {
  h = await startServing({
    models: [
      { name: 'bc', file: 'breast-cancer-logreg.onnx' },
      { name: 'iris', file: 'iris-logreg.onnx' },
    ],
    endpoints: { bc: 'models:/bc/1', iris: 'models:/iris/1' },
    options: { sampleRate: 0 },
  });
  warmupRows = metricValue(await h.metrics(), 'modelpilot_batch_rows_sum', { endpoint: 'bc' });
  // Sequential on purpose: every request is its own inference run.
  for (const row of bc.slice(0, 5)) labelsSeen.push(...(await h.post('/v2/models/bc/infer', oipRequest([row]))).body.outputs[0].data);
  for (const at of [5, 8]) {
    const a = await h.post('/endpoints/bc/invocations', { instances: bc.slice(at, at + 3) });
    labelsSeen.push(...a.body.predictions.map((p: { label: number }) => p.label));
  }
  labelsSeen.push(...(await h.post('/api/v1/models/bc/predict', { instances: bc.slice(11, 13) })).body.predictions);
  irisLabels.push(...(await h.post('/v2/models/iris/infer', oipRequest(iris.slice(0, 10)))).body.outputs[0].data);
  expect((await h.post('/v2/models/bc/infer', bad)).status).toBe(400);
  expect((await h.post('/v2/models/bc/infer', nonFinite)).status).toBe(400);
  const answer = await h.get('/metrics');
  text = answer.text;
  contentType = answer.headers.get('content-type');
  m = await h.metrics();
});
afterAll(async () => {
  await h?.close();
});

describe('/metrics after known traffic', () => {
  it('is Prometheus text exposition with HELP and TYPE for every modelpilot family', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families: [string, string][] = [
      ['modelpilot_requests_total', 'counter'],
      ['modelpilot_request_duration_seconds', 'histogram'],
      ['modelpilot_inference_duration_seconds', 'histogram'],
      ['modelpilot_batch_rows', 'histogram'],
      ['modelpilot_inflight_requests', 'gauge'],
      ['modelpilot_model_load_seconds', 'gauge'],
      ['modelpilot_loaded_versions', 'gauge'],
      ['modelpilot_predicted_class_total', 'counter'],
      ['modelpilot_prediction_score', 'histogram'],
      ['modelpilot_invalid_inputs_total', 'counter'],
      ['modelpilot_samples_dropped_total', 'counter'],
      ['modelpilot_samples_written_total', 'counter'],
    ];
    for (const [name, type] of families) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }
  });

  it('counts requests by endpoint, version, protocol and status', () => {
    expect(metricSamples(m, 'modelpilot_requests_total', { status: '200' }).map((s) => [s.labels['endpoint'], s.labels['version'], s.labels['protocol'], s.value]).sort()).toEqual([
      ['bc', '1', 'mlflow', 2],
      ['bc', '1', 'oip', 5],
      ['bc', '1', 'predict', 1],
      ['iris', '1', 'oip', 1],
    ]);
  });

  it('observes request latency per answered request and inference latency per run', () => {
    expect(metricValue(m, 'modelpilot_request_duration_seconds_count', { endpoint: 'bc', version: '1' })).toBe(8);
    expect(metricValue(m, 'modelpilot_request_duration_seconds_count', { endpoint: 'iris', version: '1' })).toBe(1);
    const sum = metricValue(m, 'modelpilot_request_duration_seconds_sum', { endpoint: 'bc' });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(8);
    expect(metricValue(m, 'modelpilot_request_duration_seconds_bucket', { endpoint: 'bc', le: '+Inf' })).toBe(8);
    // One run for the warm-up, then one per (sequential) request.
    expect(metricValue(m, 'modelpilot_inference_duration_seconds_count', { endpoint: 'bc', version: '1' })).toBe(9);
    expect(metricValue(m, 'modelpilot_inference_duration_seconds_count', { endpoint: 'iris', version: '1' })).toBe(2);
  });

  it('histograms the rows of each run', () => {
    expect(warmupRows).toBeGreaterThan(0);
    expect(metricValue(m, 'modelpilot_batch_rows_count', { endpoint: 'bc', version: '1' })).toBe(9);
    expect(metricValue(m, 'modelpilot_batch_rows_sum', { endpoint: 'bc', version: '1' })).toBe(warmupRows + 5 + 6 + 2);
    expect(metricValue(m, 'modelpilot_batch_rows_bucket', { endpoint: 'bc', le: '1' })).toBe(5);
    expect(metricValue(m, 'modelpilot_batch_rows_bucket', { endpoint: 'bc', le: '2' })).toBe(6);
    expect(metricValue(m, 'modelpilot_batch_rows_bucket', { endpoint: 'bc', le: '4' })).toBe(8);
  });

  it('counts predicted classes per class, exactly the labels the answers carried', () => {
    const count = (labels: number[], c: number) => labels.filter((l) => l === c).length;
    expect(labelsSeen).toHaveLength(13);
    for (const c of [0, 1]) expect(metricValue(m, 'modelpilot_predicted_class_total', { endpoint: 'bc', version: '1', class: String(c) })).toBe(count(labelsSeen, c));
    expect(metricSamples(m, 'modelpilot_predicted_class_total', { endpoint: 'iris' }).map((s) => [s.labels['class'], s.value]).sort()).toEqual(
      [0, 1, 2].filter((c) => count(irisLabels, c) > 0).map((c) => [String(c), count(irisLabels, c)]),
    );
  });

  it('histograms the top-class score per version (never below 1/k)', () => {
    expect(metricValue(m, 'modelpilot_prediction_score_count', { endpoint: 'bc', version: '1' })).toBe(13);
    expect(metricValue(m, 'modelpilot_prediction_score_bucket', { endpoint: 'bc', le: '0.4' })).toBe(0);
    expect(metricValue(m, 'modelpilot_prediction_score_bucket', { endpoint: 'bc', le: '1' })).toBe(13);
    expect(metricValue(m, 'modelpilot_prediction_score_count', { endpoint: 'iris' })).toBe(10);
    expect(metricValue(m, 'modelpilot_prediction_score_bucket', { endpoint: 'iris', le: '0.3' })).toBe(0);
  });

  it('counts invalid inputs by endpoint and code', () => {
    expect(metricSamples(m, 'modelpilot_invalid_inputs_total').map((s) => [s.labels['endpoint'], s.labels['code'], s.value]).sort()).toEqual([
      ['bc', 'MP_SERVING_INPUT_INVALID', 1],
      ['bc', 'MP_SERVING_NON_FINITE', 1],
    ]);
  });

  it('reports versions loaded, their load time, and nothing in flight', () => {
    expect(metricValue(m, 'modelpilot_loaded_versions')).toBe(2);
    expect(metricValue(m, 'modelpilot_inflight_requests')).toBe(0);
    for (const [model, version] of [
      ['bc', '1'],
      ['iris', '1'],
    ]) {
      const load = metricValue(m, 'modelpilot_model_load_seconds', { model: model!, version: version! });
      expect(load).toBeGreaterThan(0);
      expect(load).toBeLessThan(30);
    }
    expect(metricValue(m, 'modelpilot_samples_written_total')).toBe(0);
  });
});

describe('refused requests in the metrics', () => {
  it('modelpilot_requests_total counts refused requests under their status, not only 200s', () => {
    // The two refused requests above reached bc v1 (routing happens before decoding). A judge computing error rates
    // per version reads this counter; it must see them.
    expect(metricValue(m, 'modelpilot_requests_total', { endpoint: 'bc', version: '1', protocol: 'oip', status: '400' })).toBe(2);
  });

  it('requests to endpoints that do not exist create no metric series (label cardinality stays bounded)', async () => {
    // A client can put anything in the URL; a series per invented name grows the registry without bound.
    for (let i = 0; i < 25; i++) {
      expect((await h.post(`/v2/models/no-such-endpoint-${i}/infer`, '{"broken')).status).toBe(400);
      expect((await h.post(`/api/v1/models/no-such-endpoint-b${i}/predict`, { instances: [bc[0]] })).status).toBe(404);
    }
    const after = await h.metrics();
    const invented = after.filter((s) => s.labels['endpoint']?.startsWith('no-such-endpoint-'));
    expect(invented.length, invented.slice(0, 3).map((s) => `${s.name}${JSON.stringify(s.labels)}`).join(' ')).toBe(0);
  });

  it('errors of /invocations routed by the x-modelpilot-endpoint header are counted for that endpoint', async () => {
    const invalid = { endpoint: 'bc', code: 'MP_SERVING_INPUT_INVALID' };
    const refused = { endpoint: 'bc', version: '1', protocol: 'mlflow', status: '400' };
    const before = await h.metrics();
    expect((await h.post('/invocations', { instances: [[1, 2]] }, { 'x-modelpilot-endpoint': 'bc' })).status).toBe(400);
    const after = await h.metrics();
    expect(metricValue(after, 'modelpilot_invalid_inputs_total', invalid) - metricValue(before, 'modelpilot_invalid_inputs_total', invalid)).toBe(1);
    expect(metricValue(after, 'modelpilot_requests_total', refused) - metricValue(before, 'modelpilot_requests_total', refused)).toBe(1);
  });
});
