import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fixture } from './fixtures.js';

/** The breast-cancer holdout's feature rows (30 columns, in CSV order), as the fixtures' models take them. */
export function holdoutRows(): number[][] {
  return readFileSync(fixture('breast-cancer-holdout.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(0, 30).map(Number));
}

/** An OIP v2 single-row infer body for `input` FP32 [1, 30]. */
export const oipRowBody = (row: readonly number[]): string =>
  JSON.stringify({ inputs: [{ name: 'input', shape: [1, row.length], datatype: 'FP32', data: row }] });

/** One answer (or connection error) of a load run. */
export interface Answer {
  /** Sequence number of the request in this load (0, 1, …). */
  readonly seq: number;
  /** Holdout row index sent. */
  readonly row: number;
  /** The phase that was current when the request was sent. */
  readonly phase: string;
  /** Extra headers sent with it. */
  readonly headers: Readonly<Record<string, string>>;
  /** performance.now() when sent and when finished. */
  readonly sentAt: number;
  readonly doneAt: number;
  /** Wall-clock time (ms since the epoch) when finished, comparable with the server's timestamps. */
  readonly at: number;
  readonly status: number | undefined;
  /** `x-modelpilot-version` of the answer. */
  readonly version: string | undefined;
  /** Connection error code (ECONNRESET, ECONNREFUSED…) when there was no HTTP answer. */
  readonly error: string | undefined;
  /** The body, kept only for failures (and for answers when `keepBodies`). */
  readonly body: string | undefined;
}

/** Counts of a load run (or of one of its phases). */
export interface Tally {
  readonly total: number;
  /** By status code, or by error code for requests that got no HTTP answer. */
  readonly byStatus: Record<string, number>;
  /** 200 answers by `x-modelpilot-version`. */
  readonly byVersion: Record<string, number>;
  /** Every request that did not get a 200, with what it got instead. */
  readonly failures: readonly Answer[];
  /** Every answer, in completion order. */
  readonly answers: readonly Answer[];
}

export interface LoadOptions {
  /** The infer URL, e.g. `http://127.0.0.1:1234/v2/models/bc/infer`. */
  readonly url: string;
  /** Concurrent keep-alive clients, each with one request outstanding (default 8). */
  readonly clients?: number;
  /** Extra headers of request `seq` (a user id for sticky routing, …). */
  readonly headers?: (seq: number) => Record<string, string>;
  /** Called with every answer, in completion order. */
  readonly onAnswer?: (a: Answer) => void;
  /** Pause after a connection error so a dead server is not hammered (default 10 ms). */
  readonly backoffMs?: number;
}

/** A closed-loop load over node:http keep-alive connections, counting as it goes. */
export interface Load {
  /** Labels the requests sent from now on. */
  phase(name: string): void;
  /** Counts over every phase, or over the named ones. */
  tally(...phases: string[]): Tally;
  /** Requests finished so far (answered or failed). */
  readonly done: number;
  /** Resolves once `n` requests have finished (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** Stops sending; resolves with the overall tally once every outstanding request has finished. */
  stop(): Promise<Tally>;
}

/**
 * Starts `clients` keep-alive clients that each send an OIP v2 single-row request from the breast-cancer holdout
 * (rows in turn), wait for the answer and send the next, until `stop()`.
 * @example const load = startLoad({ url: `${server.url}/v2/models/bc/infer` }); load.phase('canary'); … const t = await load.stop();
 */
export function startLoad(options: LoadOptions): Load {
  const clients = options.clients ?? 8;
  const bodies = holdoutRows().map(oipRowBody);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const answers: Answer[] = [];
  let phase = 'start';
  let seq = 0;
  let stopping = false;
  const client = async (): Promise<void> => {
    while (!stopping) {
      const n = seq++;
      const headers = options.headers?.(n) ?? {};
      const a = await post(agent, options.url, bodies[n % bodies.length]!, headers, { seq: n, row: n % bodies.length, phase });
      answers.push(a);
      options.onAnswer?.(a);
      if (a.error !== undefined) await sleep(options.backoffMs ?? 10);
    }
  };
  const running = Array.from({ length: clients }, client);
  return {
    phase(name) {
      phase = name;
    },
    tally: (...phases) => tallyOf(phases.length ? answers.filter((a) => phases.includes(a.phase)) : answers),
    get done() {
      return answers.length;
    },
    async waitFor(n, timeoutMs = 60_000) {
      const deadline = performance.now() + timeoutMs;
      while (answers.length < n) {
        if (performance.now() > deadline) throw new Error(`only ${answers.length} of ${n} requests finished within ${timeoutMs} ms: ${JSON.stringify(tallyOf(answers).byStatus)}`);
        await sleep(20);
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(running);
      agent.destroy();
      return tallyOf(answers);
    },
  };
}

/** Counts answers by status and by version, and lists the failures. */
export function tallyOf(answers: readonly Answer[]): Tally {
  const byStatus: Record<string, number> = {};
  const byVersion: Record<string, number> = {};
  const failures: Answer[] = [];
  for (const a of answers) {
    const key = a.status !== undefined ? String(a.status) : (a.error ?? 'unknown');
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    if (a.status === 200) byVersion[a.version ?? '?'] = (byVersion[a.version ?? '?'] ?? 0) + 1;
    else failures.push(a);
  }
  return { total: answers.length, byStatus, byVersion, failures, answers };
}

/** A short, printable account of a tally's failures (for assertion messages). */
export function describeFailures(t: Tally, max = 5): string {
  return `${t.failures.length} failed of ${t.total} ${JSON.stringify(t.byStatus)}: ${JSON.stringify(t.failures.slice(0, max).map((f) => ({ phase: f.phase, status: f.status, error: f.error, version: f.version, body: f.body?.slice(0, 200) })))}`;
}

/**
 * One POST over `agent` (keep-alive) with extra headers; never rejects: a connection error is an answer with
 * `error` set.
 */
export function post(agent: Agent | false, url: string, body: string, headers: Record<string, string>, meta: { seq: number; row: number; phase: string }): Promise<Answer> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const done = (status: number | undefined, version: string | undefined, error: string | undefined, text: string | undefined): void =>
      resolve({ ...meta, headers, sentAt, doneAt: performance.now(), at: Date.now(), status, version, error, body: status === 200 ? undefined : text });
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const v = res.headers['x-modelpilot-version'];
        done(res.statusCode, typeof v === 'string' ? v : undefined, undefined, text);
      });
      res.on('error', (e: NodeJS.ErrnoException) => done(undefined, undefined, e.code ?? e.message, text));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(undefined, undefined, e.code ?? e.message, undefined));
    req.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
