import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, DEFAULT_SERVE_OPTIONS, openRegistry, resolveConfig, type Config, type ServeOptions, type Server } from '../../src/app/index.js';
import type { RegisterInput } from '../../src/registry/index.js';
import { expected, fixture, loadXy } from './fixtures.js';

/** One fixture model registered as a version (in order, so versions number 1, 2, … per model). */
export interface Registration {
  readonly name: string;
  /** Fixture file name, or an absolute path. */
  readonly file: string;
  /** Profile the model's train CSV (feature names, warm-up rows). Default true for fixture models. */
  readonly reference?: boolean;
}

/**
 * The four fixture models as the serving tests use them: `bc` v1 = logreg, `bc` v2 = trees (both with the train CSV as
 * reference, so feature names are known), `iris` v1, `diabetes` v1.
 */
export const STANDARD_MODELS: readonly Registration[] = [
  { name: 'bc', file: 'breast-cancer-logreg.onnx' },
  { name: 'bc', file: 'breast-cancer-trees.onnx' },
  { name: 'iris', file: 'iris-logreg.onnx' },
  { name: 'diabetes', file: 'diabetes-linear.onnx' },
];

/** Endpoint → model URI deployed at start. `trees` serves bc v2 so the tree ensemble is reachable without pinning. */
export const STANDARD_ENDPOINTS: Readonly<Record<string, string>> = {
  bc: 'models:/bc/1',
  trees: 'models:/bc/2',
  iris: 'models:/iris/1',
  diabetes: 'models:/diabetes/1',
};

/** One served fixture model: the endpoint it answers at, the version, and sklearn's numbers for it. */
export interface ServedFixture {
  readonly endpoint: string;
  readonly version: number;
  readonly file: string;
}

/** The three classifiers as STANDARD_ENDPOINTS serves them. */
export const CLASSIFIERS: readonly ServedFixture[] = [
  { endpoint: 'bc', version: 1, file: 'breast-cancer-logreg.onnx' },
  { endpoint: 'trees', version: 2, file: 'breast-cancer-trees.onnx' },
  { endpoint: 'iris', version: 1, file: 'iris-logreg.onnx' },
];

/** The regressor as STANDARD_ENDPOINTS serves it. */
export const REGRESSOR: ServedFixture = { endpoint: 'diabetes', version: 1, file: 'diabetes-linear.onnx' };

export interface ServingOptions {
  readonly models?: readonly Registration[];
  readonly endpoints?: Readonly<Record<string, string>>;
  readonly options?: Partial<ServeOptions>;
  /** Extra environment for resolveConfig (e.g. MODELPILOT_SQLITE_BUSY_TIMEOUT_MS). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The body as received. */
  readonly bytes: Buffer;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers field by field
}

export interface ServingHarness {
  readonly server: Server;
  readonly config: Config;
  readonly home: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** POSTs JSON (objects are stringified; strings and bytes are sent as they are) with content-type application/json unless given. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  /** Raw fetch against the server. */
  fetch(path: string, init?: RequestInit): Promise<Answer>;
  /** `/metrics` parsed into samples. */
  metrics(): Promise<MetricSample[]>;
  close(): Promise<void>;
}

/** A fresh modelpilot home (SQLite + artifacts) in a temp folder. */
export function freshHome(prefix = 'mp-serving-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Registers models into the home's registry through the app's composition root, then closes it. */
export async function registerModels(config: Config, models: readonly Registration[]): Promise<void> {
  const { registry, close } = await openRegistry(config);
  try {
    for (const m of models) {
      const file = m.file.startsWith('/') ? m.file : fixture(m.file);
      const meta = expected[m.file];
      const input: RegisterInput = {
        name: m.name,
        file,
        ...(meta && m.reference !== false ? { reference: { file: fixture(meta.train_csv), target: 'target' } } : {}),
      };
      await registry.register(input);
    }
  } finally {
    await close();
  }
}

/**
 * A live server over loopback: fresh home, fixture models registered, endpoints deployed, ready, listening on a free
 * port of 127.0.0.1.
 * @example const h = await startServing(); const a = await h.post('/v2/models/bc/infer', body);
 */
export async function startServing(opts: ServingOptions = {}): Promise<ServingHarness> {
  const home = freshHome();
  const config = resolveConfig({ home, actor: 'tester' }, { ...opts.env });
  await registerModels(config, opts.models ?? STANDARD_MODELS);
  const server = await buildServer(config, { ...DEFAULT_SERVE_OPTIONS, port: 0, ...opts.options }, 'test');
  try {
    for (const [endpoint, uri] of Object.entries(opts.endpoints ?? STANDARD_ENDPOINTS)) await server.endpoints.deploy(endpoint, uri, 'tester');
    server.setNotReady(undefined);
    await server.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (e) {
    await closeServer(server, home);
    throw e;
  }
  const address = server.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const raw = (path: string, init?: RequestInit): Promise<Answer> => send(`${url}${path}`, init);
  return {
    server,
    config,
    home,
    url,
    fetch: raw,
    post: (path, body, headers = {}) =>
      raw(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      }),
    get: (path, headers = {}) => raw(path, { headers }),
    metrics: async () => parseMetrics((await raw('/metrics')).text),
    close: () => closeServer(server, home),
  };
}

async function closeServer(server: Server, home: string): Promise<void> {
  await server.app.close();
  await server.host.close();
  // Write what the sampler still holds while the store is open (its timer would otherwise fire on a closed store).
  await server.sampler.flush();
  await server.closeStores();
  rmSync(home, { recursive: true, force: true });
}

/** fetch, reading the whole body; the body is parsed as JSON when it is JSON. */
export async function send(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, bytes, text, body };
}

/** An OIP v2 infer request exactly as a KServe/Triton client writes it: one FP32 input named `input`. */
export function oipRequest(rows: readonly (readonly number[])[], extra: Record<string, unknown> = {}, nested = false): Record<string, unknown> {
  return {
    ...extra,
    inputs: [{ name: 'input', shape: [rows.length, rows[0]?.length ?? 0], datatype: 'FP32', data: nested ? rows : rows.flat() }],
  };
}

/** A fixture CSV as plain rows of numbers (features only) and targets. */
export function holdoutRows(csvName: string): { rows: number[][]; y: number[]; header: string[] } {
  const { x, y, rows, cols, header } = loadXy(csvName);
  return { rows: Array.from({ length: rows }, (_, r) => Array.from(x.subarray(r * cols, (r + 1) * cols))), y, header: header.slice(0, cols) };
}

/** The CSV's rows as text lines exactly as written (full float64 precision), header first. */
export function csvLines(csvName: string): string[] {
  return readFileSync(fixture(csvName), 'utf8').trim().split('\n');
}

/** The raw float64 feature values of a CSV (as written, not rounded to float32). */
export function holdoutRows64(csvName: string): number[][] {
  return csvLines(csvName)
    .slice(1)
    .map((line) => line.split(',').slice(0, -1).map(Number));
}

export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses Prometheus text exposition (samples only; HELP/TYPE lines are checked by the callers that care). */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `match`. */
export function metricValue(samples: readonly MetricSample[], name: string, match: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

/** The samples named `name` whose labels include `match`. */
export function metricSamples(samples: readonly MetricSample[], name: string, match: Record<string, string> = {}): MetricSample[] {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** Fraction of `labels` equal to `truth`. */
export function accuracyOf(labels: readonly number[], truth: readonly number[]): number {
  expectSameLength(labels, truth);
  return labels.filter((l, i) => l === truth[i]).length / truth.length;
}

/** Root mean squared error of `predictions` against `truth`. */
export function rmseOf(predictions: readonly number[], truth: readonly number[]): number {
  expectSameLength(predictions, truth);
  return Math.sqrt(predictions.reduce((s, p, i) => s + (p - truth[i]!) ** 2, 0) / truth.length);
}

function expectSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length || a.length === 0) throw new Error(`compared ${a.length} answers with ${b.length} expected values`);
}

/** The index of the largest value (the predicted class of a probability row). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export { expected, fixture };

/** The breast-cancer logistic regression as bc/1 at endpoint `bc` and the random forest as bc/2 at `trees`. */
export function startTwoVersions(options: ServingOptions['options'] = {}): Promise<ServingHarness> {
  return startServing({
    models: [
      { name: 'bc', file: 'breast-cancer-logreg.onnx' },
      { name: 'bc', file: 'breast-cancer-trees.onnx' },
    ],
    endpoints: { bc: 'models:/bc/1', trees: 'models:/bc/2' },
    options: { sampleRate: 0, ...options },
  });
}
