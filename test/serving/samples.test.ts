import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listSamples } from '../../src/monitoring/index.js';
import { expected, holdoutRows, holdoutRows64, metricValue, oipRequest, startServing, type ServingHarness } from '../helpers/serving.js';

// Prediction samples: what lands in the prediction_samples table, what is dropped when the queue is full, and that
// requests never wait on the sample store.

const { rows } = holdoutRows('breast-cancer-holdout.csv');
const rows64 = holdoutRows64('breast-cancer-holdout.csv');
const names = expected['breast-cancer-logreg.onnx']!.feature_names;
const ONE_MODEL = { models: [{ name: 'bc', file: 'breast-cancer-logreg.onnx' }], endpoints: { bc: 'models:/bc/1' } };

describe('with sampleRate 1', () => {
  let h: ServingHarness;
  beforeAll(async () => {
    h = await startServing({ ...ONE_MODEL, options: { sampleRate: 1 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every request of every protocol is stored with its request id, inputs and outputs after flush', async () => {
    const oip = await h.post('/v2/models/bc/infer', oipRequest(rows.slice(0, 2)), { 'x-request-id': 's-oip' });
    const mlflow = await h.post('/endpoints/bc/invocations', { dataframe_split: { columns: names, data: rows.slice(2, 5) } }, { 'x-request-id': 's-mlflow' });
    const predict = await h.post('/api/v1/models/bc/predict', { instances: [rows[5]] });
    expect([oip.status, mlflow.status, predict.status]).toEqual([200, 200, 200]);
    // Refused requests are not samples.
    expect((await h.post('/v2/models/bc/infer', oipRequest([rows[0]!.slice(1)]), { 'x-request-id': 's-bad' })).status).toBe(400);
    await h.server.sampler.flush();

    const samples = await listSamples(h.server.store, 'bc');
    expect(samples.map((s) => s.requestId).sort()).toEqual([predict.body.request_id, 's-mlflow', 's-oip'].sort());
    const byId = new Map(samples.map((s) => [s.requestId, s]));
    const first = byId.get('s-oip')!;
    expect(first).toMatchObject({ endpoint: 'bc', model: 'bc', version: 1 });
    expect(first.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first.latencyMs).toBeLessThan(5_000);
    // Inputs are the rows as the model saw them (float32), each in its short form: the CSV's own decimals (12.75,
    // 16.7, …), which give back those float32 values. Outputs are the answer's labels and probabilities.
    expect(first.inputs).toEqual(rows64.slice(0, 2));
    expect(first.inputs.map((r) => r.map((v) => Math.fround(Number(v))))).toEqual(rows.slice(0, 2));
    expect(first.outputs.labels).toEqual(oip.body.outputs[0].data);
    expect(first.outputs.probabilities!.flat()).toEqual(oip.body.outputs[1].data);
    expect(byId.get('s-mlflow')!.inputs).toEqual(rows64.slice(2, 5));
    expect(byId.get('s-mlflow')!.outputs.labels).toEqual(mlflow.body.predictions.map((p: { label: number }) => p.label));
    expect(byId.get(predict.body.request_id)!.outputs.probabilities).toEqual(predict.body.probabilities);
    expect(metricValue(await h.metrics(), 'modelpilot_samples_written_total')).toBe(3);
  });
});

describe('with a tiny sample queue', () => {
  let h: ServingHarness;
  beforeAll(async () => {
    h = await startServing({ ...ONE_MODEL, options: { sampleRate: 1, sampleQueue: 3, sampleFlushMs: 60_000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the first samples, drops and counts the rest, and requests take no longer for it', async () => {
    // Samples wait up to a minute (or 64 of them) before being written, so all ten requests find the queue as it is.
    const timings: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const a = await h.post('/v2/models/bc/infer', oipRequest([rows[i]!]), { 'x-request-id': `q-${i}` });
      timings.push(performance.now() - started);
      expect(a.status).toBe(200);
    }
    const m = await h.metrics();
    expect(metricValue(m, 'modelpilot_samples_dropped_total')).toBe(7);
    await h.server.sampler.flush();
    expect((await listSamples(h.server.store, 'bc')).map((s) => s.requestId).sort()).toEqual(['q-0', 'q-1', 'q-2']);
    expect(metricValue(await h.metrics(), 'modelpilot_samples_written_total')).toBe(3);
    // The dropped ones (last seven) were as quick as the kept ones.
    // (A generous bound: the machine may be busy; a request that waited on the store would take seconds.)
    expect(Math.max(...timings.slice(3))).toBeLessThan(1_000);
  });
});

describe('when the sample store is slow', () => {
  let h: ServingHarness;
  let locker: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startServing({ ...ONE_MODEL, options: { sampleRate: 1 }, env: { MODELPILOT_SQLITE_BUSY_TIMEOUT_MS: '10000' } });
  });
  afterEach(() => {
    locker?.kill();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Another process (as a `modelpilot register` would) holds the SQLite write lock for `ms`. */
  function holdWriteLock(file: string, ms: number): Promise<void> {
    const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['-e', script, file, String(ms)], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    locker = child;
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
  }

  it('requests are not slowed while samples wait for the store', async () => {
    await holdWriteLock(h.config.db, 3_000);
    expect((await h.post('/v2/models/bc/infer', oipRequest([rows[0]!]), { 'x-request-id': 'slow-0' })).status).toBe(200);
    // The write starts now and has to wait for the other process's lock.
    const flushing = h.server.sampler.flush();
    const timings: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const started = performance.now();
      expect((await h.post('/v2/models/bc/infer', oipRequest([rows[i]!]))).status).toBe(200);
      timings.push(Math.round(performance.now() - started));
    }
    await flushing;
    // A busy store is retried, not dropped: the sample lands once the lock is released.
    const landed = async (): Promise<boolean> => (await listSamples(h.server.store, 'bc')).some((s) => s.requestId === 'slow-0');
    const deadline = performance.now() + 10_000;
    while (!(await landed()) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      await h.server.sampler.flush();
    }
    expect(await landed()).toBe(true);
    // The lock is held for 3 s; a request that is not held up by the sample write takes far less than one second.
    expect(Math.max(...timings), `request times in ms: ${timings.join(', ')}`).toBeLessThan(1_000);
  });
});
