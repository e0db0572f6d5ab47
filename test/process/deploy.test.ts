import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointView, ModelVersion } from '../../src/contract/index.js';
import { cliJson, expectFailure, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { freePort, killAll, knownBreastCancerRows, outcomes, startLoad, startServer, wrongAnswer, type Load, type Sent, type ServerProcess } from '../helpers/server-process.js';

// Issue 3 item 1 and 4: `modelpilot deploy` against a running server switches the endpoint at once without dropping
// a request (load, verify, warm up, swap); an artifact that fails to load never receives traffic and the old version
// keeps serving; the CLI reports an absent server as MP_SERVER_UNREACHABLE.

const rows = knownBreastCancerRows();
/** v1 is the tree ensemble, v2 the logistic regression; sklearn's labels differ on row 4, so answers tell them apart. */
const modelOf = (version: string | undefined): 'trees' | 'logreg' => (version === '1' ? 'trees' : 'logreg');

/** The blob of a digest in the local artifact store: <home>/artifacts/sha256/<2 hex>/<62 hex>. */
const blobPath = (home: string, digest: string): string => {
  const hex = digest.replace(/^sha256:/, '');
  return join(home, 'artifacts', 'sha256', hex.slice(0, 2), hex.slice(2));
};

const answeredAfter = (sent: readonly Sent[], at: number): Sent[] => sent.filter((s) => s.sentAt > at);

describe('deploy against a running server under load (real processes)', () => {
  let home: string;
  let server: ServerProcess;
  let load: Load;
  let sent: readonly Sent[];
  let v2At: number;
  let failedAt: number;
  let v2Digest: string;
  const results: Record<string, Awaited<ReturnType<typeof runCli>>> = {};

  beforeAll(async () => {
    home = tempDir('mp-deploy-');
    const ref = ['--reference', fixture('breast-cancer-train.csv'), '--target', 'target'];
    await cliJson(['register', 'bc', fixture('breast-cancer-trees.onnx'), ...ref], { home });
    v2Digest = (await cliJson<ModelVersion>(['register', 'bc', fixture('breast-cancer-logreg.onnx'), ...ref], { home })).digest;
    // v3: the tree model with one more doc_string field appended (still valid protobuf, so a blob of its own)…
    const copy = join(home, 'trees-copy.onnx');
    writeFileSync(copy, Buffer.concat([readFileSync(fixture('breast-cancer-trees.onnx')), Buffer.from([0x32, 4]), Buffer.from('copy')]));
    const v3 = await cliJson<ModelVersion>(['register', 'bc', copy, ...ref], { home });
    // …then corrupted on disk after registration.
    const blob = blobPath(home, v3.digest);
    chmodSync(blob, 0o644);
    const bytes = readFileSync(blob);
    bytes.fill(0, 100, 200);
    writeFileSync(blob, bytes);

    server = await startServer({ home, args: ['models:/bc/1'] });
    load = startLoad({ url: `${server.url}/v2/models/bc/infer`, connections: 32, bodies: rows.map((r) => r.body) });
    await load.answered(500);
    results['v2'] = await runCli(['--server', server.url, 'deploy', 'models:/bc/2', '--json'], { home });
    v2At = performance.now();
    await load.answered(load.sent.length + 500);
    results['corrupt'] = await runCli(['--server', server.url, 'deploy', 'models:/bc/3'], { home });
    failedAt = performance.now();
    await load.answered(load.sent.length + 500);
    sent = await load.stop();
  });
  afterAll(async () => {
    await server?.stop();
    await killAll();
  });

  it('deploy models:/bc/2 exits 0 and prints the new plan', () => {
    const r = results['v2']!;
    expect(r.code, r.stderr).toBe(0);
    const view = r.json<EndpointView>();
    expect(view.plan).toMatchObject({ endpoint: 'bc', revision: 2, versions: [{ model: 'bc', version: 2, role: 'stable', weight: 100 }] });
  });

  it('drops no request while switching versions, and every answer is right for the version that gave it', () => {
    expect(outcomes(sent)).toEqual({ 200: sent.length });
    expect(sent.map((s) => wrongAnswer(s, rows, modelOf)).filter(Boolean)).toEqual([]);
    expect(new Set(sent.map((s) => s.version))).toEqual(new Set(['1', '2']));
  });

  it('swaps once: after v2 answers a client, that client never sees v1 again; after deploy returns, only v2', () => {
    const byWorker = new Map<number, string[]>();
    for (const s of [...sent].sort((a, b) => a.sentAt - b.sentAt)) byWorker.set(s.worker, [...(byWorker.get(s.worker) ?? []), s.version!]);
    for (const versions of byWorker.values()) expect(versions.join('')).toMatch(/^1*2*$/);
    expect(new Set(answeredAfter(sent, v2At).map((s) => s.version))).toEqual(new Set(['2']));
  });

  it('deploying a corrupted artifact exits 1 with MP_SERVING_LOAD_FAILED and v2 keeps serving', () => {
    const line = expectFailure(results['corrupt']!, 'MP_SERVING_LOAD_FAILED');
    expect(line).toContain('models:/bc/3');
    const after = answeredAfter(sent, failedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after.map((s) => `${s.status} v${s.version}`))).toEqual(new Set(['200 v2']));
  });

  it('endpoints list --json and traffic --json give the plan the server runs (the failed deploy changed nothing)', async () => {
    const list = await cliJson<EndpointView[]>(['--server', server.url, 'endpoints', 'list'], { home });
    const traffic = await cliJson<EndpointView>(['--server', server.url, 'traffic', 'bc'], { home });
    const plan = { endpoint: 'bc', revision: 2, mirrorPercent: 0, versions: [{ model: 'bc', version: 2, digest: v2Digest, role: 'stable', weight: 100 }] };
    expect(list.map((e) => ({ name: e.name, state: e.state, plan: e.plan }))).toEqual([{ name: 'bc', state: 'serving', plan }]);
    expect(traffic.plan).toEqual(plan);
    expect(traffic.served.map((s) => s.version)).toEqual([2]);
  });
});

describe('deploy with no server running', () => {
  it('exits 1 with MP_SERVER_UNREACHABLE naming the address', async () => {
    const home = tempDir('mp-deploy-none-');
    await cliJson(['register', 'bc', fixture('breast-cancer-trees.onnx')], { home });
    const url = `http://127.0.0.1:${await freePort()}`;
    const line = expectFailure(await runCli(['--server', url, 'deploy', 'models:/bc/1'], { home }), 'MP_SERVER_UNREACHABLE');
    expect(line).toContain(url);
    expectFailure(await runCli(['--server', url, 'endpoints', 'list', '--json'], { home }), 'MP_SERVER_UNREACHABLE');
  });
});
