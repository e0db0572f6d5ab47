import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointView } from '../../src/contract/index.js';
import { cliJson, runCli, tempDir } from '../helpers/cli.js';
import { expected, fixture } from '../helpers/fixtures.js';
import {
  exitWithin,
  httpCall,
  killAll,
  knownBreastCancerRows,
  oipBody,
  outcomes,
  sleep,
  startLoad,
  startServer,
  wrongAnswer,
  type ServerProcess,
} from '../helpers/server-process.js';

// Issue 3 item 1: endpoints and their plans are persisted and restored at start — after a clean SIGTERM and after
// kill -9 under load (the store must come back intact: audit chain verified, SQLite integrity ok).

const rows = knownBreastCancerRows();
const irisRow = readFileSync(fixture('iris-holdout.csv'), 'utf8').split('\n')[1]!.split(',').slice(0, 4).map(Number);

async function registerFixtures(home: string): Promise<void> {
  await cliJson(['register', 'bc', fixture('breast-cancer-trees.onnx'), '--reference', fixture('breast-cancer-train.csv'), '--target', 'target'], { home });
  await cliJson(['register', 'iris', fixture('iris-logreg.onnx'), '--reference', fixture('iris-train.csv'), '--target', 'target'], { home });
}

/** bc and iris both answer their first holdout row as sklearn does (probabilities within 1e-5). */
async function expectBothAnswer(server: ServerProcess): Promise<void> {
  const bc = await httpCall(`${server.url}/v2/models/bc/infer`, 'POST', rows[0]!.body);
  expect(wrongAnswer({ worker: 0, row: 0, sentAt: 0, doneAt: 0, status: bc.status, body: bc.body, version: String(bc.headers['x-modelpilot-version']) }, rows), bc.body).toBeUndefined();
  const iris = await httpCall(`${server.url}/v2/models/iris/infer`, 'POST', oipBody(irisRow));
  expect(iris.status, iris.body).toBe(200);
  const outputs = (JSON.parse(iris.body) as { outputs: { name: string; data: number[] }[] }).outputs;
  const want = expected['iris-logreg.onnx']!;
  expect(outputs.find((o) => o.name === 'label')!.data).toEqual([want.first_rows_labels![0]]);
  const p = outputs.find((o) => o.name === 'probabilities')!.data;
  want.first_row_probabilities!.forEach((q, i) => expect(p[i]).toBeCloseTo(q, 5));
}

const endpointsOf = async (home: string, server: ServerProcess) =>
  (await cliJson<EndpointView[]>(['--server', server.url, 'endpoints', 'list'], { home })).map((e) => ({
    name: e.name,
    state: e.state,
    versions: e.plan.versions.map((v) => `${v.model}/${v.version} ${v.weight}%`),
  }));

const BOTH = [
  { name: 'bc', state: 'serving', versions: ['bc/1 100%'] },
  { name: 'iris', state: 'serving', versions: ['iris/1 100%'] },
];

describe('restart after SIGTERM (real server processes)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-restart-');
    await registerFixtures(home);
  });
  afterAll(killAll);

  it('restores both endpoints (serve URI + deploy) when serve starts again without a URI', async () => {
    const first = await startServer({ home, args: ['models:/bc/1'] });
    const deployed = await runCli(['--server', first.url, 'deploy', 'models:/iris/1', '--json'], { home });
    expect(deployed.code, deployed.stderr).toBe(0);
    await expectBothAnswer(first);
    const stopped = await first.stop();
    expect({ code: stopped.code, signal: stopped.signal }, first.output()).toEqual({ code: 0, signal: null });

    const second = await startServer({ home, port: first.port });
    expect(second.output()).toContain(`ready: ${second.url}/v2/models/bc/infer`);
    expect(second.output()).toContain(`ready: ${second.url}/v2/models/iris/infer`);
    await expectBothAnswer(second);
    expect(await endpointsOf(home, second)).toEqual(BOTH);
    expect((await second.stop()).code).toBe(0);
  });
});

describe('restart after kill -9 under load (real server processes)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-kill9-');
    await registerFixtures(home);
  });
  afterAll(killAll);

  it('restores the endpoints, keeps the store intact and keeps serving', async () => {
    const first = await startServer({ home, args: ['models:/bc/1', '--sample-rate', '1'] });
    expect((await runCli(['--server', first.url, 'deploy', 'models:/iris/1'], { home })).code).toBe(0);
    const load = startLoad({ url: `${first.url}/v2/models/bc/infer`, connections: 32, bodies: rows.map((r) => r.body) });
    await load.answered(1_500);
    await sleep(1);
    first.signal('SIGKILL');
    const killed = await exitWithin(first, 10_000);
    const sent = await load.stop();
    expect(killed.signal).toBe('SIGKILL');
    const answered = sent.filter((s) => s.status === 200);
    expect(answered.map((s) => wrongAnswer(s, rows)).filter(Boolean), JSON.stringify(outcomes(sent))).toEqual([]);

    const second = await startServer({ home, port: first.port });
    await expectBothAnswer(second);
    expect(await endpointsOf(home, second)).toEqual(BOTH);
    // The store still takes writes through the restarted server, and the audit chain verifies.
    expect((await runCli(['--server', second.url, 'deploy', 'models:/bc/1'], { home })).code).toBe(0);
    expect((await second.stop()).code).toBe(0);

    const verify = await runCli(['audit', 'verify', '--json'], { home });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true });
    const db = new Database(join(home, 'modelpilot.db'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Samples written before the kill are whole rows of requests that were sent; the unwritten tail is lost, never
      // torn. A request's sample can reach the store just before the kill cuts off its answer: at most one such
      // request per connection.
      const samples = db.prepare('select request_id, inputs from prediction_samples').all() as { request_id: string; inputs: string }[];
      // A sample holds each float32 in its short form: rounded to float32 again, it is the row the model saw.
      const asFloat32 = (inputs: readonly (readonly number[])[]): string => JSON.stringify(inputs.map((row) => Array.from(Float32Array.from(row))));
      const sentRows = new Set(rows.map((r) => asFloat32([r.features])));
      expect(samples.filter((x) => !sentRows.has(asFloat32(JSON.parse(x.inputs) as number[][]))).map((x) => x.request_id)).toEqual([]);
      const ids = samples.map((x) => x.request_id);
      const answeredIds = new Set(answered.map((s) => s.requestId));
      expect(ids.filter((id) => !answeredIds.has(id)).length).toBeLessThanOrEqual(32);
      expect(ids.filter((id) => answeredIds.has(id)).length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      db.close();
    }
  });
});
