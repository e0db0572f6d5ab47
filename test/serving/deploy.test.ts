import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/app/index.js';
import { expected, holdoutRows, metricValue, oipRequest, registerModels, startTwoVersions, type Answer, type ServingHarness } from '../helpers/serving.js';

// Switching an endpoint's version while keep-alive clients hammer it: no request fails, answers move from v1 (logreg)
// to v2 (trees), and a version whose artifact is corrupt on disk never takes traffic.

const CLIENTS = 8;
const { rows } = holdoutRows('breast-cancer-holdout.csv');
const names = expected['breast-cancer-logreg.onnx']!.feature_names;

let h: ServingHarness;
/** Each version's answer (label, probabilities) for rows 0..19, measured alone. */
const truth = new Map<number, { label: number; p: number[] }[]>();

beforeAll(async () => {
  h = await startTwoVersions();
  for (const [version, endpoint] of [
    [1, 'bc'],
    [2, 'trees'],
  ] as const) {
    const a = await h.post(`/v2/models/${endpoint}/infer`, oipRequest(rows.slice(0, 20)));
    truth.set(version, Array.from({ length: 20 }, (_, r) => ({ label: a.body.outputs[0].data[r], p: a.body.outputs[1].data.slice(r * 2, r * 2 + 2) })));
  }
  // The two models disagree on some of these rows, so an answer shows which one gave it.
  expect(truth.get(1)!.map((t) => t.label)).not.toEqual(truth.get(2)!.map((t) => t.label));
});
afterAll(async () => {
  await h?.close();
});

interface Shot {
  readonly client: number;
  readonly startedAt: number;
  readonly ms: number;
  readonly row: number;
  readonly status: number | 'connection error';
  readonly version: number;
  readonly label?: number;
  readonly p?: number[];
  readonly detail?: string;
}

/** One client: sequential requests on its own keep-alive connection, cycling protocols and rows, until stopped. */
async function client(id: number, shots: Shot[], stop: { now: boolean }): Promise<void> {
  for (let n = 0; !stop.now; n++) {
    const row = (id * 7 + n) % 20;
    const startedAt = performance.now();
    let a: Answer;
    try {
      if (n % 3 === 0) a = await h.post('/v2/models/bc/infer', oipRequest([rows[row]!]));
      else if (n % 3 === 1) a = await h.post('/endpoints/bc/invocations', { dataframe_split: { columns: names, data: [rows[row]] } });
      else a = await h.post('/api/v1/models/bc/predict', { instances: [rows[row]] });
    } catch (e) {
      shots.push({ client: id, startedAt, ms: performance.now() - startedAt, row, status: 'connection error', version: 0, detail: (e as Error).message });
      continue;
    }
    const version = Number(a.headers.get('x-modelpilot-version'));
    const answer =
      a.status !== 200 ? {} : n % 3 === 0 ? { label: a.body.outputs[0].data[0], p: a.body.outputs[1].data } : n % 3 === 1 ? { label: a.body.predictions[0].label, p: a.body.predictions[0].probabilities } : { label: a.body.predictions[0], p: a.body.probabilities[0] };
    shots.push({ client: id, startedAt, ms: performance.now() - startedAt, row, status: a.status, version, ...answer, ...(a.status === 200 ? {} : { detail: a.text.slice(0, 200) }) });
  }
}

const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/**
 * Runs `change` while CLIENTS clients hammer endpoint bc: it starts once every client has made a few requests, and
 * the clients go on until each has made several more after it (counts, not timings: the machine may be busy).
 */
async function underLoad<T>(change: () => Promise<T>): Promise<{ shots: Shot[]; result: T; changedAt: number }> {
  const shots: Shot[] = [];
  const stop = { now: false };
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i, shots, stop));
  const perClient = (after: number) => Array.from({ length: CLIENTS }, (_, c) => shots.filter((s) => s.client === c && s.startedAt > after).length);
  await until(() => Math.min(...perClient(0)) >= 5);
  const result = await change();
  const changedAt = performance.now();
  await until(() => Math.min(...perClient(changedAt)) >= 10);
  stop.now = true;
  await Promise.all(clients);
  const ms = shots.map((s) => s.ms).sort((a, b) => a - b);
  console.log(`${shots.length} requests by ${CLIENTS} clients around the change: p50 ${ms[ms.length >> 1]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms`);
  return { shots, result, changedAt };
}

function expectAllAnswered(shots: readonly Shot[]): void {
  const failed = shots.filter((s) => s.status !== 200);
  expect(failed.slice(0, 5), `${failed.length} of ${shots.length} requests failed`).toEqual([]);
  expect(shots.length).toBeGreaterThanOrEqual(CLIENTS * 15);
  for (const s of shots) {
    const t = truth.get(s.version)?.[s.row];
    expect(t, `version ${s.version}`).toBeDefined();
    expect(s.label).toBe(t!.label);
    s.p!.forEach((p, j) => expect(Math.abs(p - t!.p[j]!)).toBeLessThan(1e-6));
  }
}

describe('deploy while serving', () => {
  it('switches bc from v1 to v2 without a failed request; answers switch with the version header', async () => {
    const { shots, changedAt } = await underLoad(() => h.server.endpoints.deploy('bc', 'models:/bc/2', 'tester'));
    expectAllAnswered(shots);
    expect(new Set(shots.map((s) => s.version))).toEqual(new Set([1, 2]));
    // Requests started after the deploy returned all see v2; each client sees v1 then v2, never back.
    expect(shots.filter((s) => s.startedAt > changedAt).every((s) => s.version === 2)).toBe(true);
    for (let c = 0; c < CLIENTS; c++) {
      const versions = shots.filter((s) => s.client === c).map((s) => s.version);
      expect(versions, `client ${c}`).toEqual([...versions].sort());
    }
    const meta = await h.get('/v2/models/bc');
    expect(meta.body.versions).toEqual(['2']);
    // v1 leaves once its last request is done: only the two endpoints' v2 sessions remain (one each).
    await expect.poll(async () => metricValue(await h.metrics(), 'modelpilot_loaded_versions')).toBe(2);
  });

  it('a version whose artifact is corrupt on disk fails to deploy with 422 MP_SERVING_LOAD_FAILED, and v2 keeps serving', async () => {
    await registerModels(h.config, [{ name: 'bc', file: 'iris-logreg.onnx', reference: false }]);
    const { registry, close } = await openRegistry(h.config);
    const digest = (await registry.getVersion('models:/bc/3')).digest;
    await close();
    const hex = digest.replace(/^sha256:/, '');
    const blob = join(h.config.artifactsDir, 'sha256', hex.slice(0, 2), hex.slice(2));
    const bytes = readFileSync(blob);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(blob, bytes);

    const { shots, result } = await underLoad(() => h.post('/api/v1/endpoints/bc/deploy', { model: 'models:/bc/3' }));
    expect(result.status).toBe(422);
    expect(result.body.code).toBe('MP_SERVING_LOAD_FAILED');
    expect(result.body.message).toMatch(/models:\/bc\/3 could not be loaded for serving: .*— fix the artifact or deploy another version; the current version keeps serving/);
    expectAllAnswered(shots);
    expect(new Set(shots.map((s) => s.version))).toEqual(new Set([2]));
    const endpoint = await h.get('/api/v1/endpoints/bc');
    expect(endpoint.body.plan.versions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(endpoint.body.served.map((v: { version: number }) => v.version)).toEqual([2]);
  });

  it('deploying a version that does not exist is a 404 and changes nothing', async () => {
    const a = await h.post('/api/v1/endpoints/bc/deploy', { model: 'models:/bc/99' });
    expect(a.status).toBe(404);
    expect(a.body.code).toMatch(/^MP_REGISTRY_.*NOT_FOUND$/);
    expect((await h.post('/v2/models/bc/infer', oipRequest([rows[0]!]))).headers.get('x-modelpilot-version')).toBe('2');
  });

  it('deploying back to v1 through POST /api/v1/endpoints/bc/deploy under load fails no request either', async () => {
    const { shots, result, changedAt } = await underLoad(() => h.post('/api/v1/endpoints/bc/deploy', { model: 'models:/bc/1' }, { 'x-modelpilot-actor': 'ops' }));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ name: 'bc', state: 'serving', plan: { versions: [{ model: 'bc', version: 1, role: 'stable', weight: 100 }] } });
    expectAllAnswered(shots);
    expect(shots.filter((s) => s.startedAt > changedAt).every((s) => s.version === 1)).toBe(true);
    expect(new Set(shots.map((s) => s.version))).toEqual(new Set([1, 2]));
  });
});
