import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, type Random } from '../../src/core/index.js';
import { expected, holdoutRows, oipRequest, startTwoVersions, type Answer, type ServingHarness } from '../helpers/serving.js';

// ≥ 1,000 generated bad payloads (seeded) across every POST route, with good requests interleaved. Only 4xx may come
// back — never a 5xx, never a dropped connection — good requests keep their exact answers, and the heap stays steady.

const SEED = 20260115;
const BAD = 1_200;
const GOOD_EVERY = 50;
const BODY_LIMIT = 256 * 1024;
const DEEP = 10_000;

type Proto = 'oip' | 'mlflow' | 'predict' | 'deploy';
interface Route {
  readonly path: string;
  readonly proto: Proto;
  readonly headers?: Record<string, string>;
}
const ROUTES: readonly Route[] = [
  { path: '/v2/models/bc/infer', proto: 'oip' },
  { path: '/v2/models/trees/versions/2/infer', proto: 'oip' },
  { path: '/invocations', proto: 'mlflow', headers: { 'x-modelpilot-endpoint': 'bc' } },
  { path: '/endpoints/trees/invocations', proto: 'mlflow' },
  { path: '/api/v1/models/bc/predict', proto: 'predict' },
  { path: '/api/v1/endpoints/bc/deploy', proto: 'deploy' },
];

interface Payload {
  readonly kind: string;
  readonly route: Route;
  readonly body?: string | Uint8Array;
  readonly type?: string;
  readonly headers?: Record<string, string>;
  /** The status this payload must get, when the kind fixes it. */
  readonly status?: number;
}

const { rows } = holdoutRows('breast-cancer-holdout.csv');
const names = expected['breast-cancer-logreg.onnx']!.feature_names;
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r.next() * list.length)]!;
const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r.next() * (hi - lo + 1));
const record = (row: readonly number[]) => Object.fromEntries(names.map((n, i) => [n, row[i]]));

/** A valid body for the route's protocol (the generators below break it). */
function template(r: Random, proto: Proto): Record<string, unknown> {
  const row = pick(r, rows);
  if (proto === 'oip') {
    const body = { id: 'fuzz', inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', data: [...row] }] };
    return r.next() < 0.5 ? body : { ...body, outputs: [{ name: 'label' }, { name: 'probabilities' }] };
  }
  if (proto === 'deploy') return { model: 'models:/bc/1' };
  if (proto === 'predict') return { instances: [r.next() < 0.5 ? [...row] : record(row)] };
  return pick(r, [{ instances: [[...row]] }, { dataframe_split: { columns: [...names], data: [[...row]] } }, { dataframe_records: [record(row)] }, { inputs: { input: [[...row]] } }]);
}

/** A value of a type no field of any template accepts in that place (never a number, never one-number arrays). */
function wrongValue(r: Random): unknown {
  return pick(r, [() => 'x', () => '', () => true, () => false, () => null, () => ({}), () => ({ k: 'v' }), () => [], () => ['a', 'b'], () => [[]], () => [{}]])();
}

/** Every path into a JSON value, the root included. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(v)) return here.concat(...v.map((x, i) => paths(x, [...at, i])));
  if (v && typeof v === 'object') return here.concat(...Object.entries(v).map(([k, x]) => paths(x, [...at, k])));
  return here;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return root;
}

/**
 * Puts raw JSON text (literals JSON.stringify cannot write) in the template: at a random array element (`elements`)
 * or at a random named field.
 */
function withRaw(r: Random, t: Record<string, unknown>, raw: string, where: 'elements' | 'fields'): string {
  const all = paths(t).filter((p) => p.length > 0);
  const candidates = all.filter((p) => (typeof p[p.length - 1] === 'number') === (where === 'elements'));
  return JSON.stringify(setAt(t, pick(r, candidates.length ? candidates : all), '\u0000RAW\u0000')).replace('"\\u0000RAW\\u0000"', raw);
}

const deepArrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const GENERATORS: Record<string, (r: Random, route: Route) => Omit<Payload, 'kind' | 'route'>> = {
  'malformed JSON': (r, route) => {
    const text = JSON.stringify(template(r, route.proto));
    const breakers = [() => text.slice(0, int(r, 0, text.length - 1)), () => `${text}${pick(r, ['x', ',', '}', ']', text])}`, () => text.replace(/"/g, "'"), () => text.replace(/\}$/, ',}'), () => text.replace(/:/, ': NaN, "z":'), () => `/* c */${text}`, () => text.replace(/"(\w+)":/, '$1:')];
    // A byte-order mark: the data plane's JSON.parse refuses it (the control plane's parser strips it, so not there).
    if (route.proto !== 'deploy') breakers.push(() => `\uFEFF${text}`);
    return { body: pick(r, breakers)() };
  },
  'wrong types': (r, route) => {
    const t = template(r, route.proto);
    const path = pick(r, paths(t));
    // Any string is a valid id, so the id gets a non-string.
    return { body: JSON.stringify(setAt(t, path, path[path.length - 1] === 'id' ? pick(r, [true, null, {}, [], 7]) : wrongValue(r))) };
  },
  'huge numbers': (r, route) => ({ body: withRaw(r, template(r, route.proto), pick(r, ['1e400', '-1e400', '1e39', '-3.5e38', '9'.repeat(400), `-${'9'.repeat(309)}`]), route.proto === 'deploy' ? 'fields' : 'elements') }),
  'huge arrays': (r, route) => {
    const n = int(r, 20_000, 60_000);
    const big = `[${'1,'.repeat(n)}1]`;
    if (route.proto === 'oip') return { body: withRaw(r, template(r, 'oip'), big, 'elements') };
    if (route.proto === 'deploy') return { body: `{"model":${big}}` };
    return pick(r, [() => ({ body: `{"instances":[${'[],'.repeat(11_000)}[]]}`, status: 413 }), () => ({ body: `{"instances":[${`${JSON.stringify(rows[0])},`.repeat(300)}${big}]}` })])();
  },
  'deep nesting': (r, route) => {
    const deep = pick(r, [deepArrays(DEEP), `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`, `[${deepArrays(DEEP)}]`]);
    return { body: pick(r, [() => deep, () => '['.repeat(DEEP), () => withRaw(r, template(r, route.proto), deep, pick(r, ['elements', 'fields']))])() };
  },
  'wrong shapes': (r, route) => {
    const row = pick(r, rows);
    if (route.proto === 'oip') {
      const shape = pick(r, [[1, 29], [1, 31], [30], [30, 1], [2, 30], [0, 30], [-1, 30], [1, 30, 2], [], [1.5, 30], ['1', 30], [null, 30], [1e20, 30]]);
      return { body: JSON.stringify(pick(r, [{ inputs: [{ name: 'input', shape, datatype: 'FP32', data: row }] }, oipRequest([row.slice(0, pick(r, [1, 10, 29]))])])) };
    }
    const short = row.slice(0, pick(r, [0, 1, 29]));
    const long = [...row, 1];
    return { body: JSON.stringify(route.proto === 'deploy' ? { model: [row] } : { instances: [row, pick(r, [short, long])] }) };
  },
  'empty bodies': (r) => pick(r, [{ body: '', type: 'application/json' }, {}, { body: ' ', type: 'application/json' }, { body: '{}' }, { body: '[]' }, { body: '""' }, { body: 'null' }, { body: '', type: 'text/csv' }]),
  'wrong content types': (r, route) => ({
    body: JSON.stringify(template(r, route.proto)),
    ...pick(r, [{ type: 'text/plain' }, { type: 'application/xml' }, { type: 'application/x-www-form-urlencoded' }, { type: 'multipart/form-data; boundary=x' }, { type: 'application/octet-stream' }, { type: 'image/png' }]),
    ...(route.proto === 'deploy' ? {} : { status: 415 }),
  }),
  'random bytes': (r) => {
    const bytes = Uint8Array.from({ length: int(r, 1, 2_000) }, () => int(r, 0, 255));
    return { body: bytes, ...pick(r, [{ type: 'application/json' }, {}, { type: 'application/octet-stream' }]) };
  },
  'prototype keys': (r, route) => {
    const t = template(r, route.proto);
    const key = pick(r, ['__proto__', 'constructor', 'prototype']);
    const inner = key === 'constructor' ? `{"prototype":${JSON.stringify(t)}}` : JSON.stringify(t);
    const variants = [`{"${key}":${inner}}`];
    if (route.proto === 'oip') variants.push(JSON.stringify(t).replace('"name":"input"', `"name":"${key}"`), JSON.stringify({ ...t, outputs: [{ name: pick(r, ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) }] }), `{"inputs":[{"__proto__":${JSON.stringify((t['inputs'] as unknown[])[0])}}]}`);
    if (route.proto === 'mlflow' || route.proto === 'predict') variants.push(`{"instances":[{"__proto__":${JSON.stringify(record(pick(r, rows)))}}]}`, `{"inputs":{"__proto__":{"input":[${JSON.stringify(pick(r, rows))}]}}}`);
    return { body: pick(r, variants) };
  },
  'binary tensor data': (r) => {
    const floats = [...pick(r, rows)];
    if (r.next() < 0.25) floats[int(r, 0, 29)] = pick(r, [NaN, Infinity, -Infinity]);
    const declared = pick(r, [120, 120, 119, 121, 0, 4, 240, 1e6]);
    const t = { inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', parameters: { binary_data_size: declared } }] };
    const json = Buffer.from(JSON.stringify(t));
    const bytes = Buffer.from(new Float32Array(floats).buffer).subarray(0, pick(r, [120, 120, 116, 119, 0]));
    const body = Buffer.concat([json, bytes, Buffer.alloc(pick(r, [0, 0, 1, 8]))]);
    // Breaking the size, the bytes or the values at random might leave all three right: then break the header.
    const intact = declared === 120 && bytes.length === 120 && body.length === json.length + 120 && floats.every(Number.isFinite);
    const header = intact ? pick(r, ['', 'x', '-1', String(json.length - 1), String(body.length + 1)]) : pick(r, [String(json.length), String(json.length), String(json.length - 1), '', String(body.length + 1)]);
    return { body, type: pick(r, ['application/octet-stream', 'application/json']), headers: { 'inference-header-content-length': header } };
  },
  // The control plane answers a too-large body with 400 MP_INPUT_INVALID, so only data-plane routes must say 413.
  'over the body limit': (r, route) => ({ body: `{"instances":[${'1,'.repeat(BODY_LIMIT / 2 + int(r, 1, 50_000))}1]}`, ...(route.proto === 'deploy' ? {} : { status: 413 }) }),
};
export const KINDS = Object.keys(GENERATORS);

let h: ServingHarness;
beforeAll(async () => {
  h = await startTwoVersions({ bodyLimit: BODY_LIMIT });
});
afterAll(async () => {
  await h?.close();
});

// Server and test share this process: the heap after a full GC is the server's retained memory plus the test's.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

async function sendPayload(p: Payload): Promise<Answer | Error> {
  const headers: Record<string, string> = { ...p.route.headers, ...p.headers };
  if (p.type) headers['content-type'] = p.type;
  else if (typeof p.body === 'string') headers['content-type'] = 'application/json';
  try {
    return await h.fetch(p.route.path, { method: 'POST', headers, ...(p.body === undefined ? {} : { body: p.body }) });
  } catch (e) {
    return e as Error;
  }
}

describe('fuzzing every POST route', () => {
  it(`${BAD} seeded bad payloads get only 4xx with an MP_* code, good ones keep answering, the heap stays steady`, async () => {
    const random = createSeededRandom(SEED);
    const generate = (): Payload => {
      const kind = pick(random, KINDS);
      const route = pick(random, ROUTES);
      return { kind, route, ...GENERATORS[kind]!(random, route) };
    };
    // What each good request must get back, measured before the fuzz.
    const goodRows = rows.slice(0, 8);
    const baseline = await Promise.all(goodRows.map((row) => h.post('/v2/models/bc/infer', oipRequest([row]))));
    expect(baseline[0]!.body.outputs[0].data).toEqual([expected['breast-cancer-logreg.onnx']!.first_rows_labels![0]]);

    const counts: Record<string, number> = {};
    const byRoute: Record<string, number> = {};
    const statuses: Record<number, number> = {};
    const failures: string[] = [];
    let goods = 0;
    let sinceGood = 0;
    let heapAtQuarter = 0;
    for (let i = 0; i < BAD; i += 4) {
      const chunk = Array.from({ length: Math.min(4, BAD - i) }, generate);
      const answers = await Promise.all(chunk.map(sendPayload));
      chunk.forEach((p, j) => {
        const a = answers[j]!;
        counts[p.kind] = (counts[p.kind] ?? 0) + 1;
        byRoute[p.route.path] = (byRoute[p.route.path] ?? 0) + 1;
        const what = `#${i + j} ${p.kind} → ${p.route.path} (${p.type ?? 'default type'}): ${String(typeof p.body === 'string' ? p.body : p.body === undefined ? 'no body' : `${p.body.length} bytes`).slice(0, 120)}`;
        if (a instanceof Error) return failures.push(`${what} — connection error ${a.message}`);
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        const code = a.body?.code;
        const message = p.route.proto === 'deploy' ? a.body?.message : a.body?.error;
        const ok = a.status >= 400 && a.status < 500 && (p.status === undefined || a.status === p.status) && /^MP_[A-Z_]+$/.test(String(code)) && typeof message === 'string';
        if (!ok) failures.push(`${what} — got ${a.status} ${a.text.slice(0, 160)}`);
      });
      sinceGood += chunk.length;
      if (sinceGood >= GOOD_EVERY) {
        sinceGood -= GOOD_EVERY;
        const k = goods++ % goodRows.length;
        const good = await h.post('/v2/models/bc/infer', oipRequest([goodRows[k]!]));
        if (good.status !== 200 || JSON.stringify(good.body.outputs) !== JSON.stringify(baseline[k]!.body.outputs)) failures.push(`good request ${goods} after #${i}: ${good.status} ${good.text.slice(0, 200)}`);
      }
      if (i === BAD / 4) heapAtQuarter = heapUsed();
    }
    const growthMb = (heapUsed() - heapAtQuarter) / 2 ** 20;
    console.log(`fuzz seed ${SEED}: ${BAD} bad payloads by kind ${JSON.stringify(counts)}; by route ${JSON.stringify(byRoute)}; statuses ${JSON.stringify(statuses)}; ${goods} good requests interleaved; heap growth ${growthMb.toFixed(1)} MB`);

    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(BAD);
    for (const kind of KINDS) expect(counts[kind], kind).toBeGreaterThanOrEqual(50);
    expect(goods).toBe(BAD / GOOD_EVERY);
    expect(growthMb).toBeLessThan(50);
    // Nothing leaked onto Object.prototype, and the server still serves.
    for (const key of ['inputs', 'instances', 'model', 'input', 'prototype']) expect(Object.prototype.hasOwnProperty.call(Object.prototype, key), key).toBe(false);
    expect((await h.get('/v2/health/ready')).status).toBe(200);
    const after = await h.post('/v2/models/bc/infer', oipRequest([goodRows[0]!]));
    expect(after.body.outputs).toEqual(baseline[0]!.body.outputs);
  });
});
