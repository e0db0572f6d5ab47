import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import {
  DRAIN_TIMEOUT_MS,
  exitWithin,
  killAll,
  knownBreastCancerRows,
  outcomes,
  sleep,
  startLoad,
  startServer,
  wrongAnswer,
  type ExitInfo,
  type Sent,
} from '../helpers/server-process.js';

// Issue 3, item 8: SIGTERM under load. 32 keep-alive clients send single-row OIP v2 requests; SIGTERM lands
// mid-load. Every request written before the signal must get a 200 with sklearn's answer; the process exits 0
// within the drain timeout and has written a prediction sample for every answered request (--sample-rate 1).

const CONNECTIONS = 32;

describe('SIGTERM under load (real server process)', () => {
  const rows = knownBreastCancerRows();
  let home: string;
  let sent: readonly Sent[];
  let sigtermAt: number;
  let exit: ExitInfo;
  let output: string;

  beforeAll(async () => {
    home = tempDir('mp-drain-');
    await cliJson(['register', 'bc', fixture('breast-cancer-trees.onnx'), '--reference', fixture('breast-cancer-train.csv'), '--target', 'target'], { home });
    const server = await startServer({ home, args: ['models:/bc/1', '--sample-rate', '1'] });
    const load = startLoad({ url: `${server.url}/v2/models/bc/infer`, connections: CONNECTIONS, bodies: rows.map((r) => r.body) });
    await load.answered(2_000);
    // Signalled from a timer callback: every request created before it has been written to its socket by then.
    await sleep(1);
    sigtermAt = server.signal('SIGTERM');
    exit = await exitWithin(server, DRAIN_TIMEOUT_MS + 5_000);
    sent = await load.stop();
    output = server.output();
  });
  afterAll(killAll);

  it('answers every request sent before SIGTERM with 200 and the right prediction', () => {
    const before = sent.filter((s) => s.sentAt < sigtermAt);
    const failures = before.map((s) => ({ s, why: wrongAnswer(s, rows) })).filter((f) => f.why !== undefined);
    expect(before.length).toBeGreaterThan(2_000);
    // Requests in flight when the signal landed: sent before it, answered after it.
    expect(before.filter((s) => s.doneAt > sigtermAt).length, 'no request was in flight at SIGTERM: the test proved nothing').toBeGreaterThan(0);
    expect(failures.slice(0, 5).map((f) => `${f.why} (sent ${(sigtermAt - f.s.sentAt).toFixed(2)} ms before SIGTERM)`), JSON.stringify(outcomes(before))).toEqual([]);
  });

  it('refuses requests sent after SIGTERM only with 503 or a closed/refused connection', () => {
    const after = sent.filter((s) => s.sentAt >= sigtermAt);
    const counts = outcomes(after);
    console.log(`drain: ${sent.length - after.length} requests before SIGTERM; after it: ${JSON.stringify(counts)}`);
    for (const key of Object.keys(counts)) expect(['200', '503', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']).toContain(key);
    for (const s of after.filter((x) => x.status === 200)) expect(wrongAnswer(s, rows)).toBeUndefined();
  });

  // Issue 3 item 3: "Every error is JSON with an MP_* code"; "not ready 503 with Retry-After". The catalog has
  // MP_SERVING_UNAVAILABLE for exactly this; Fastify's return503OnClosing answers with its own body instead.
  it('answers requests that arrive while draining with MP_SERVING_UNAVAILABLE and Retry-After', (ctx) => {
    const refused = sent.filter((s) => s.status === 503);
    // Usually a few dozen of the 32 clients' next requests reach the server while it closes; not guaranteed.
    if (refused.length === 0) ctx.skip('no request reached the server while it drained in this run');
    const shapes = new Set(refused.map((s) => JSON.stringify({ body: JSON.parse(s.body!) as unknown, retryAfter: s.retryAfter ?? null })));
    for (const shape of shapes) expect(JSON.parse(shape)).toMatchObject({ body: { code: 'MP_SERVING_UNAVAILABLE' }, retryAfter: expect.stringMatching(/^\d+$/) });
  });

  it('exits 0 within the drain timeout and says it drained', () => {
    expect({ code: exit.code, signal: exit.signal }, output).toEqual({ code: 0, signal: null });
    expect(exit.at - sigtermAt).toBeLessThan(DRAIN_TIMEOUT_MS);
    expect(output).toContain('SIGTERM: draining');
  });

  it('flushed a prediction sample for every answered request before exiting', () => {
    const answered = sent.filter((s) => s.status === 200).map((s) => s.requestId!);
    const db = new Database(join(home, 'modelpilot.db'), { readonly: true, fileMustExist: true });
    try {
      const samples = db.prepare('select request_id, endpoint, model, version, inputs, outputs from prediction_samples').all() as {
        request_id: string;
        endpoint: string;
        model: string;
        version: number;
      }[];
      expect(samples.length).toBe(answered.length);
      expect(new Set(samples.map((s) => s.request_id))).toEqual(new Set(answered));
      expect(new Set(samples.map((s) => `${s.endpoint} ${s.model} ${s.version}`))).toEqual(new Set(['bc bc 1']));
    } finally {
      db.close();
    }
  });
});
