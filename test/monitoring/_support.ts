import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AlertState, FeedbackResult, MonitorView, MonitorWindow } from '../../src/contract/index.js';
import { cliJson, tempDir, writeFile } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { sleep, startServer, type ServerProcess } from '../helpers/server-process.js';

// Shared by the production-monitoring process tests: the diamonds rows, a seeded sampler, a server started with a
// monitoring file, predictions with chosen request ids, feedback, and polling the monitor route.

export const FEATURES = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'] as const;

/** One held-out diamond: its 9 features (in the model's input order) and its true `expensive` label. */
export interface Diamond {
  readonly features: number[];
  readonly label: number;
}

/** The 6,000 held-out rows of diamonds-holdout.csv. */
export function holdout(): Diamond[] {
  const [header, ...lines] = readFileSync(fixture('diamonds-holdout.csv'), 'utf8').trim().split('\n');
  if (header !== `${FEATURES.join(',')},expensive`) throw new Error(`unexpected header ${header}`);
  return lines.map((line) => {
    const v = line.split(',').map(Number);
    return { features: v.slice(0, 9), label: v[9]! };
  });
}

/** Population mean and standard deviation of one column. */
export function meanStd(rows: readonly Diamond[], column: number): { mean: number; std: number } {
  const mean = rows.reduce((s, r) => s + r.features[column]!, 0) / rows.length;
  const variance = rows.reduce((s, r) => s + (r.features[column]! - mean) ** 2, 0) / rows.length;
  return { mean, std: Math.sqrt(variance) };
}

/** mulberry32: a small seeded PRNG in [0, 1), so every run replays the same rows. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` rows drawn with replacement from `rows`. */
export const drawRows = (rows: readonly Diamond[], n: number, random: () => number): Diamond[] => Array.from({ length: n }, () => rows[Math.floor(random() * rows.length)]!);

export interface MonitoredServer {
  readonly home: string;
  readonly monitorFile: string;
  server: ServerProcess;
  /** Stops the current process (if any is running) the given way and starts a new one on the same home. */
  restart(how: 'SIGTERM' | 'SIGKILL'): Promise<ServerProcess>;
}

/** A home with models:/diamonds/1 (the logistic regression, profiled on diamonds-train.csv), served with a monitoring file. */
export async function monitoredServer(monitorYaml: string): Promise<MonitoredServer> {
  const home = tempDir('mp-monitor-');
  await cliJson(['register', 'diamonds', fixture('diamonds-logreg.onnx'), '--reference', fixture('diamonds-train.csv'), '--target', 'expensive'], { home });
  const monitorFile = writeFile(tempDir('mp-monitor-file-'), 'monitor.yaml', monitorYaml);
  const args = ['models:/diamonds/1', '--sample-rate', '1', '--monitor', monitorFile];
  const m: MonitoredServer = {
    home,
    monitorFile,
    server: await startServer({ home, args }),
    async restart(how) {
      if (how === 'SIGTERM') await m.server.stop();
      else {
        m.server.signal('SIGKILL');
        await m.server.exited;
      }
      m.server = await startServer({ home, args });
      return m.server;
    },
  };
  return m;
}

export interface Prediction {
  readonly requestId: string;
  readonly rows: readonly Diamond[];
  /** The labels the server predicted, one per row. */
  readonly predicted: readonly number[];
}

/** POST /api/v1/models/diamonds/predict with `x-request-id: id`; checks the id is echoed. */
export async function predict(server: ServerProcess, requestId: string, rows: readonly Diamond[]): Promise<Prediction> {
  const r = await fetch(`${server.url}/api/v1/models/diamonds/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ instances: rows.map((d) => d.features) }),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`predict ${requestId} answered ${r.status}: ${text}`);
  const body = JSON.parse(text) as { predictions: number[]; request_id: string };
  if (r.headers.get('x-request-id') !== requestId || body.request_id !== requestId) throw new Error(`request id not echoed: sent ${requestId}, got header ${r.headers.get('x-request-id')} body ${body.request_id}`);
  return { requestId, rows, predicted: body.predictions.map(Number) };
}

/** Sends `batches` requests one after the other (so sample times only grow), each of `rows` rows. */
export async function sendBatches(server: ServerProcess, prefix: string, batches: readonly (readonly Diamond[])[]): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (const [i, rows] of batches.entries()) out.push(await predict(server, `${prefix}-${i}`, rows));
  return out;
}

/** Splits `rows` into consecutive batches of `size`. */
export const batchesOf = <T>(rows: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

export async function getJson<T>(server: ServerProcess, path: string): Promise<T> {
  const r = await fetch(`${server.url}${path}`);
  const text = await r.text();
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** POST /api/v1/models/diamonds/feedback; returns the status and parsed body. */
export async function feedback(server: ServerProcess, body: unknown): Promise<{ status: number; body: FeedbackResult & { code?: string; message?: string } }> {
  const r = await fetch(`${server.url}/api/v1/models/diamonds/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as FeedbackResult & { code?: string; message?: string } };
}

export const monitorOf = (server: ServerProcess, windows = 100): Promise<MonitorView> => getJson<MonitorView>(server, `/api/v1/endpoints/diamonds/monitor?windows=${windows}`);
export const alertsOf = (server: ServerProcess): Promise<AlertState[]> => getJson<AlertState[]>(server, '/api/v1/alerts');

/** The closed windows of version 1, oldest first. */
export async function closedWindows(server: ServerProcess, limit = 100): Promise<MonitorWindow[]> {
  const view = await monitorOf(server, limit);
  return [...(view.versions.find((v) => v.version === 1)?.windows ?? [])].reverse();
}

/** Polls the monitor route every 200 ms until version 1 has `n` closed windows; returns them oldest first. */
export async function waitForClosed(server: ServerProcess, n: number, timeoutMs = 30_000): Promise<MonitorWindow[]> {
  const deadline = performance.now() + timeoutMs;
  let last: MonitorWindow[] = [];
  while (performance.now() < deadline) {
    last = await closedWindows(server, Math.max(n, 20));
    if (last.length >= n) return last;
    await sleep(200);
  }
  throw new Error(`only ${last.length} of ${n} windows closed within ${timeoutMs} ms: ${JSON.stringify(last.map((w) => ({ seq: w.seq, rows: w.rows })))}\n${server.output()}`);
}

/** Polls until `check` returns a value (not undefined). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** An HTTP receiver on 127.0.0.1 that keeps every JSON body POSTed to it. */
export async function webhookReceiver(): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (s: string) => (text += s));
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(text));
      } catch {
        bodies.push(text);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** audit list --action A --json on a home. */
export const auditActions = (home: string, action: string): Promise<{ action: string; details: Record<string, unknown> }[]> =>
  cliJson(['audit', 'list', '--action', action, '--limit', '1000'], { home });
