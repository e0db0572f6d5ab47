import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { CLI_MAIN, tempDir } from './cli.js';
import { expected, fixture } from './fixtures.js';

/** How long a server may take to answer 200 on /v2/health/ready after it was spawned. */
export const READY_TIMEOUT_MS = 60_000;

/** The server's drain timeout (DEFAULT_SERVE_OPTIONS.drainTimeoutMs; `serve` has no flag for it). */
export const DRAIN_TIMEOUT_MS = 30_000;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** performance.now() in the test process when the exit was seen. */
  readonly at: number;
}

export interface StartServerOptions {
  /** `--home <dir>`. */
  readonly home: string;
  /** What follows `serve`, e.g. `['models:/bc/1', '--sample-rate', '1']` (`--port` is added). */
  readonly args?: readonly string[];
  /** Default: a free port. */
  readonly port?: number;
  /** Wait for 200 on /v2/health/ready before resolving (default true). */
  readonly waitReady?: boolean;
}

/** A real `modelpilot serve` child process. */
export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything it printed so far (stdout then stderr lines interleaved as they came). */
  output(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** Sends a signal; returns performance.now() taken just before sending. */
  signal(signal: NodeJS.Signals): number;
  /** SIGTERM, then waits (SIGKILL and throw after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<ExitInfo>;
}

const running = new Set<ChildProcess>();

/**
 * Spawns `node dist/cli/main.js --home H serve … --port P` and (by default) waits until /v2/health/ready answers 200.
 * @example const server = await startServer({ home, args: ['models:/bc/1'] }); …; await server.stop();
 */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MODELPILOT_')) env[k] = v;
  const argv = [CLI_MAIN, '--home', options.home, 'serve', ...(options.args ?? []), '--port', String(port)];
  const child = spawn(process.execPath, argv, { cwd: tempDir('mp-serve-cwd-'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
  const exited = new Promise<ExitInfo>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const server: ServerProcess = {
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    signal(signal) {
      const at = performance.now();
      child.kill(signal);
      return at;
    },
    async stop(timeoutMs = DRAIN_TIMEOUT_MS + 5_000) {
      child.kill('SIGTERM');
      return exitWithin(server, timeoutMs);
    },
  };
  if (options.waitReady ?? true) await waitReady(server);
  return server;
}

/** Waits for the exit; SIGKILLs and throws (with the output) when it takes longer than `timeoutMs`. */
export async function exitWithin(server: ServerProcess, timeoutMs: number): Promise<ExitInfo> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const exit = await Promise.race([server.exited, late]).finally(() => clearTimeout(timer));
  if (exit !== 'late') return exit;
  process.kill(server.pid, 'SIGKILL');
  throw new Error(`server ${server.pid} did not exit within ${timeoutMs} ms\n${server.output()}`);
}

/** SIGKILLs every server this helper started that is still running (for afterAll). */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(left.map((c) => new Promise((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve(undefined) : c.once('exit', resolve)))));
}

/** Polls GET /v2/health/ready every 50 ms until 200; throws when the process exits first or on timeout. */
export async function waitReady(server: ServerProcess, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let gone: ExitInfo | undefined;
  void server.exited.then((e) => (gone = e));
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (gone) throw new Error(`server exited (code ${gone.code}, signal ${gone.signal}) before it was ready\n${server.output()}`);
    const r = await httpCall(`${server.url}/v2/health/ready`).catch((e: Error) => ({ status: 0, body: e.message, headers: {} }));
    if (r.status === 200) return;
    last = `${r.status} ${r.body}`;
    await sleep(50);
  }
  throw new Error(`server not ready within ${timeoutMs} ms (last: ${last})\n${server.output()}`);
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP call on a fresh connection (no keep-alive); rejects on a connection error. */
export function httpCall(url: string, method = 'GET', body?: string, agent?: Agent): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: agent ?? false, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (s: string) => (text += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A breast-cancer holdout row with what sklearn says about it (expected.json). */
export interface KnownRow {
  readonly features: readonly number[];
  /** OIP v2 single-row infer body. */
  readonly body: string;
  readonly labels: { readonly trees: number; readonly logreg: number };
  /** P(class 0), P(class 1) from the tree ensemble, for row 0 only. */
  readonly treeProbabilities?: readonly number[];
}

/** The first ten rows of breast-cancer-holdout.csv, whose labels expected.json records for both models. */
export function knownBreastCancerRows(): KnownRow[] {
  const lines = readFileSync(fixture('breast-cancer-holdout.csv'), 'utf8').trim().split('\n').slice(1, 11);
  const trees = expected['breast-cancer-trees.onnx']!;
  const logreg = expected['breast-cancer-logreg.onnx']!;
  return lines.map((line, i) => {
    const features = line.split(',').slice(0, 30).map(Number);
    return {
      features,
      body: oipBody(features),
      labels: { trees: trees.first_rows_labels![i]!, logreg: logreg.first_rows_labels![i]! },
      ...(i === 0 ? { treeProbabilities: trees.first_row_probabilities! } : {}),
    };
  });
}

/** An OIP v2 infer body for one row of a model whose input is `input` FP32 [N, width]. */
export const oipBody = (row: readonly number[]): string =>
  JSON.stringify({ inputs: [{ name: 'input', shape: [1, row.length], datatype: 'FP32', data: row }] });

/** One request of a load run. Times are performance.now() in the test process. */
export interface Sent {
  readonly worker: number;
  readonly row: number;
  readonly sentAt: number;
  doneAt: number;
  status?: number;
  body?: string;
  requestId?: string;
  version?: string;
  retryAfter?: string;
  /** Connection error code (ECONNREFUSED, ECONNRESET, …) when there was no HTTP answer. */
  error?: string;
}

export interface LoadOptions {
  /** The infer URL. */
  readonly url: string;
  readonly connections: number;
  /** Bodies sent round-robin; `Sent.row` is the index. */
  readonly bodies: readonly string[];
  /** Pause after a connection error, so a dead server is not hammered in a tight loop (default 5 ms). */
  readonly backoffMs?: number;
}

/** A closed-loop load: `connections` clients, each with one request outstanding, over keep-alive connections. */
export interface Load {
  readonly sent: readonly Sent[];
  /** Stops sending and resolves once every outstanding request has finished. */
  stop(): Promise<readonly Sent[]>;
  /** Resolves once at least `n` requests have been answered. */
  answered(n: number, timeoutMs?: number): Promise<void>;
}

/**
 * Starts `connections` keep-alive clients (node:http Agent) that each send, wait for the answer, and send again.
 * @example const load = startLoad({ url, connections: 32, bodies }); await load.answered(500); … await load.stop();
 */
export function startLoad(options: LoadOptions): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const sent: Sent[] = [];
  let stopping = false;
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (!stopping) {
      const row = next++ % options.bodies.length;
      const s = await sendOne(agent, options.url, options.bodies[row]!, w, row);
      sent.push(s);
      if (s.error !== undefined) await sleep(options.backoffMs ?? 5);
    }
  };
  const workers = Array.from({ length: options.connections }, (_, w) => worker(w));
  return {
    sent,
    async stop() {
      stopping = true;
      await Promise.all(workers);
      agent.destroy();
      return sent;
    },
    async answered(n, timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      while (sent.filter((s) => s.status !== undefined).length < n) {
        if (performance.now() > deadline) throw new Error(`only ${sent.length} requests answered within ${timeoutMs} ms: ${JSON.stringify(sent.slice(-3))}`);
        await sleep(20);
      }
    },
  };
}

function sendOne(agent: Agent, url: string, body: string, worker: number, row: number): Promise<Sent> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const s: Sent = { worker, row, sentAt: performance.now(), doneAt: 0 };
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        Object.assign(s, { doneAt: performance.now(), status: res.statusCode, body: text });
        if (typeof res.headers['x-request-id'] === 'string') s.requestId = res.headers['x-request-id'];
        if (typeof res.headers['x-modelpilot-version'] === 'string') s.version = res.headers['x-modelpilot-version'];
        if (typeof res.headers['retry-after'] === 'string') s.retryAfter = res.headers['retry-after'];
        resolve(s);
      });
      res.on('error', (e: NodeJS.ErrnoException) => resolve(Object.assign(s, { doneAt: performance.now(), error: e.code ?? e.message })));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(Object.assign(s, { doneAt: performance.now(), error: e.code ?? e.message })));
    req.end(body);
  });
}

/**
 * Why a 200 answer to a known breast-cancer row is wrong, or undefined when it is right: the label sklearn gave
 * (trees or logreg, chosen by `x-modelpilot-version` through `modelOf`), probabilities that sum to 1, and row 0's
 * tree probabilities within 1e-5 of sklearn's.
 */
export function wrongAnswer(s: Sent, rows: readonly KnownRow[], modelOf: (version: string | undefined) => 'trees' | 'logreg' = () => 'trees'): string | undefined {
  if (s.status !== 200) return `status ${s.status ?? s.error}`;
  const row = rows[s.row]!;
  const model = modelOf(s.version);
  const parsed = JSON.parse(s.body!) as { model_version: string; outputs: { name: string; data: number[] }[] };
  const label = parsed.outputs.find((o) => o.name === 'label')?.data[0];
  const p = parsed.outputs.find((o) => o.name === 'probabilities')?.data ?? [];
  if (parsed.model_version !== s.version) return `body says version ${parsed.model_version}, header ${s.version}`;
  if (label !== row.labels[model]) return `row ${s.row}: label ${label}, sklearn (${model}) says ${row.labels[model]}`;
  if (p.length !== 2 || Math.abs(p[0]! + p[1]! - 1) > 1e-5) return `row ${s.row}: probabilities ${JSON.stringify(p)}`;
  if (model === 'trees' && row.treeProbabilities && row.treeProbabilities.some((q, i) => Math.abs(q - p[i]!) > 1e-5)) {
    return `row ${s.row}: probabilities ${JSON.stringify(p)}, sklearn says ${JSON.stringify(row.treeProbabilities)}`;
  }
  return undefined;
}

/** Counts by outcome (`200`, `503`, `ECONNREFUSED`, …), for assertions that print what happened. */
export function outcomes(list: readonly Sent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of list) {
    const key = s.status !== undefined ? String(s.status) : (s.error ?? 'unknown');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
