import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { expected, holdoutRows, oipRequest, startServing, type Answer, type ServingHarness } from '../helpers/serving.js';

// Bad input on every data-plane route: the status, the MP_* code and a message that says what is wrong (and, for
// values, which row and column). Every error is JSON `{ error, code }`.

const MAX_ROWS = 100;
let h: ServingHarness;
beforeAll(async () => {
  h = await startServing({
    models: [{ name: 'bc', file: 'breast-cancer-logreg.onnx' }],
    endpoints: { bc: 'models:/bc/1' },
    options: { maxRows: MAX_ROWS },
  });
});
afterAll(async () => {
  await h?.close();
});

const { rows } = holdoutRows('breast-cancer-holdout.csv');
const names = expected['breast-cancer-logreg.onnx']!.feature_names;
const row0 = rows[0]!;
const tensor = (over: Record<string, unknown>) => ({ inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', data: row0, ...over }] });
const withValue = (r: number, c: number, v: string): string => {
  // JSON cannot carry NaN or Infinity: 1e400 parses to Infinity, -1e400 to -Infinity.
  const two = [rows[0]!, rows[1]!].map((row, i) => row.map((x, j) => (i === r && j === c ? v : JSON.stringify(x))));
  return `{"inputs":[{"name":"input","shape":[2,30],"datatype":"FP32","data":[[${two[0]!.join(',')}],[${two[1]!.join(',')}]]}]}`;
};

function expectError(a: Answer, status: number, code: string, message?: RegExp): void {
  expect({ status: a.status, code: a.body?.code }).toEqual({ status, code });
  expect(a.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(a.body).sort()).toEqual(['code', 'error']);
  expect(typeof a.body.error).toBe('string');
  if (message) expect(a.body.error).toMatch(message);
}

type Case = [string, unknown, number, string, RegExp?];

describe('OIP v2 infer refuses bad tensors', () => {
  const cases: Case[] = [
    ['shape [1, 29]', tensor({ shape: [1, 29] }), 400, 'MP_SERVING_INPUT_INVALID', /input 'input' has shape \[1,29\] — the model takes \[rows, 30\]/],
    ['shape [30] (no batch axis)', tensor({ shape: [30] }), 400, 'MP_SERVING_INPUT_INVALID', /has shape \[30\]/],
    ['shape as text', tensor({ shape: '1,30' }), 400, 'MP_SERVING_INPUT_INVALID', /invalid shape/],
    ['negative dim', tensor({ shape: [-1, 30] }), 400, 'MP_SERVING_INPUT_INVALID', /invalid shape/],
    ['fractional dim', tensor({ shape: [1.5, 30] }), 400, 'MP_SERVING_INPUT_INVALID', /invalid shape/],
    ['zero rows', tensor({ shape: [0, 30], data: [] }), 400, 'MP_SERVING_INPUT_INVALID', /has no rows/],
    ['datatype FP64', tensor({ datatype: 'FP64' }), 400, 'MP_SERVING_INPUT_INVALID', /datatype FP64 — the model takes FP32/],
    ['datatype INT32', tensor({ datatype: 'INT32' }), 400, 'MP_SERVING_INPUT_INVALID', /the model takes FP32/],
    ['datatype missing', tensor({ datatype: undefined }), 400, 'MP_SERVING_INPUT_INVALID', /datatype \(none\)/],
    ['unknown input name', tensor({ name: 'features' }), 400, 'MP_SERVING_INPUT_INVALID', /no input 'features' — its inputs are input/],
    ['input without a name', tensor({ name: undefined }), 400, 'MP_SERVING_INPUT_INVALID', /an input has no name/],
    ['missing input (empty inputs)', { inputs: [] }, 400, 'MP_SERVING_INPUT_INVALID', /'inputs' is missing or empty/],
    ['missing input (no inputs key)', { id: 'x' }, 400, 'MP_SERVING_INPUT_INVALID', /'inputs' is missing/],
    ['input given twice', { inputs: [tensor({}).inputs[0], tensor({}).inputs[0]] }, 400, 'MP_SERVING_INPUT_INVALID', /given twice/],
    ['too many values', tensor({ data: [...row0, 1] }), 400, 'MP_SERVING_INPUT_INVALID', /has 31 values for shape \[1,30\] — send 30 values/],
    ['too few values', tensor({ data: row0.slice(1) }), 400, 'MP_SERVING_INPUT_INVALID', /has 29 values/],
    ['far too many values', tensor({ data: Array<number>(100_000).fill(1) }), 400, 'MP_SERVING_INPUT_INVALID', /has 100000 values/],
    ['data not a list', tensor({ data: 'x' }), 400, 'MP_SERVING_INPUT_INVALID', /no data array/],
    ['a string value', tensor({ data: row0.map((v, i) => (i === 7 ? '0.1' : v)) }), 400, 'MP_SERVING_INPUT_INVALID', /row 0, column 7 \(mean_concave_points\) is string, not a number/],
    ['a boolean value', tensor({ data: row0.map((v, i) => (i === 2 ? true : v)) }), 400, 'MP_SERVING_INPUT_INVALID', /row 0, column 2 \(mean_perimeter\) is boolean/],
    ['an object value', tensor({ data: row0.map((v, i) => (i === 0 ? { v } : v)) }), 400, 'MP_SERVING_INPUT_INVALID', /row 0, column 0 \(mean_radius\) is object/],
    ['nesting deeper than the spec allows', tensor({ data: [[[[[[[[[[row0]]]]]]]]]] }), 400, 'MP_SERVING_INPUT_INVALID', /nested too deeply/],
    ['id not a string', { ...tensor({}), id: 7 }, 400, 'MP_SERVING_INPUT_INVALID', /'id' is not a string/],
    ['unknown output', { ...tensor({}), outputs: [{ name: 'logits' }] }, 400, 'MP_SERVING_INPUT_INVALID', /no output 'logits' — its outputs are label, probabilities/],
    ['outputs not a list', { ...tensor({}), outputs: { name: 'label' } }, 400, 'MP_SERVING_INPUT_INVALID', /'outputs' is not a list/],
    ['body is a list', [tensor({})], 400, 'MP_SERVING_INPUT_INVALID', /not a JSON object/],
    ['body is null', 'null', 400, 'MP_SERVING_INPUT_INVALID', /not a JSON object/],
    ['body is a number', '42', 400, 'MP_SERVING_INPUT_INVALID', /not a JSON object/],
    ['malformed JSON', '{"inputs": [{"name": "input",', 400, 'MP_SERVING_BODY_INVALID', /not valid JSON/],
    ['trailing garbage', `${JSON.stringify(tensor({}))} x`, 400, 'MP_SERVING_BODY_INVALID', /not valid JSON/],
    ['empty JSON body', '', 400, 'MP_SERVING_BODY_INVALID', /not valid JSON/],
    ['too many rows', oipRequest(Array<number[]>(MAX_ROWS + 1).fill(row0)), 413, 'MP_SERVING_TOO_MANY_ROWS', /101 rows, more than the limit of 100/],
    ['too many rows by shape alone', tensor({ shape: [1e9, 30] }), 413, 'MP_SERVING_TOO_MANY_ROWS', /1000000000 rows/],
  ];
  it.each(cases)('%s', async (_what, body, status, code, message) => {
    expectError(await h.post('/v2/models/bc/infer', body), status, code, message);
  });

  it('accepts exactly maxRows rows', async () => {
    const a = await h.post('/v2/models/bc/infer', oipRequest(Array<number[]>(MAX_ROWS).fill(row0)));
    expect(a.status).toBe(200);
    expect(a.body.outputs[0].shape).toEqual([MAX_ROWS]);
  });
});

describe('the NaN/Inf policy (default reject) names row and column', () => {
  const cases: [string, number, number, string, RegExp][] = [
    ['1e400 (Infinity)', 1, 3, '1e400', /row 1, column 3 \(mean_area\) is Infinity/],
    ['-1e400 (-Infinity)', 0, 12, '-1e400', /row 0, column 12 \(perimeter_error\) is -Infinity/],
    ['null (missing)', 1, 29, 'null', /row 1, column 29 \(worst_fractal_dimension\) is null \(missing\)/],
    ['1e39 (beyond float32)', 0, 0, '1e39', /row 0, column 0 \(mean_radius\) is out of range for float32/],
  ];
  it.each(cases)('OIP: %s', async (_what, r, c, v, message) => {
    expectError(await h.post('/v2/models/bc/infer', withValue(r, c, v)), 400, 'MP_SERVING_NON_FINITE', message);
  });

  it.each(cases)('MLflow and /predict records: %s', async (_what, r, c, v, message) => {
    const records = [0, 1].map((i) => `{${names.map((n, j) => `"${n}":${i === r && j === c ? v : JSON.stringify(rows[i]![j])}`).join(',')}}`);
    expectError(await h.post('/endpoints/bc/invocations', `{"dataframe_records":[${records.join(',')}]}`), 400, 'MP_SERVING_NON_FINITE', message);
    expectError(await h.post('/api/v1/models/bc/predict', `{"instances":[${records.join(',')}]}`), 400, 'MP_SERVING_NON_FINITE', message);
  });

  it('an empty or non-numeric CSV cell is refused with its row and column', async () => {
    const csv = [names.join(','), row0.join(','), row0.map((v, j) => (j === 4 ? '' : v)).join(',')].join('\n');
    expectError(await h.post('/endpoints/bc/invocations', csv, { 'content-type': 'text/csv' }), 400, 'MP_SERVING_NON_FINITE', /row 1, column 4 \(mean_smoothness\) is null/);
    const text = [names.join(','), row0.map((v, j) => (j === 5 ? 'abc' : v)).join(',')].join('\n');
    expectError(await h.post('/endpoints/bc/invocations', text, { 'content-type': 'text/csv' }), 400, 'MP_SERVING_NON_FINITE', /row 0, column 5 \(mean_compactness\)/);
  });
});

describe('MLflow and /predict refuse bad rows', () => {
  const record = Object.fromEntries(names.map((n, i) => [n, row0[i]]));
  const { mean_radius: _dropped, ...lacking } = record;
  const cases: [string, string, unknown, number, string, RegExp?][] = [
    ['mlflow: no format', '/endpoints/bc/invocations', { rows: [row0] }, 400, 'MP_SERVING_INPUT_INVALID', /needs exactly one of dataframe_split, dataframe_records, instances, inputs: it has none/],
    ['mlflow: two formats', '/endpoints/bc/invocations', { instances: [row0], inputs: [row0] }, 400, 'MP_SERVING_INPUT_INVALID', /it has instances and inputs/],
    ['mlflow: short row', '/endpoints/bc/invocations', { instances: [row0, row0.slice(1)] }, 400, 'MP_SERVING_INPUT_INVALID', /row 1 has 29 values — the model takes 30/],
    ['mlflow: record lacking a feature', '/endpoints/bc/invocations', { dataframe_records: [lacking] }, 400, 'MP_SERVING_INPUT_INVALID', /row 0 lacks feature\(s\) mean_radius/],
    ['mlflow: columns not names', '/endpoints/bc/invocations', { dataframe_split: { columns: [1, 2], data: [row0] } }, 400, 'MP_SERVING_INPUT_INVALID', /columns is not a list of names/],
    ['mlflow: split without data', '/endpoints/bc/invocations', { dataframe_split: { columns: names } }, 400, 'MP_SERVING_INPUT_INVALID', /no data list/],
    ['mlflow: instances not a list', '/endpoints/bc/invocations', { instances: 'x' }, 400, 'MP_SERVING_INPUT_INVALID', /instances is not a list/],
    ['mlflow: no rows', '/endpoints/bc/invocations', { instances: [] }, 400, 'MP_SERVING_INPUT_INVALID', /no rows/],
    ['mlflow: too many rows', '/endpoints/bc/invocations', { instances: Array<number[]>(MAX_ROWS + 1).fill(row0) }, 413, 'MP_SERVING_TOO_MANY_ROWS', /101 rows/],
    ['mlflow: body a list', '/endpoints/bc/invocations', [row0], 400, 'MP_SERVING_INPUT_INVALID', /not a JSON object/],
    ['predict: no instances', '/api/v1/models/bc/predict', { inputs: [row0] }, 400, 'MP_SERVING_INPUT_INVALID', /no 'instances' list/],
    ['predict: row is null', '/api/v1/models/bc/predict', { instances: [null] }, 400, 'MP_SERVING_INPUT_INVALID', /row 0 is null/],
    ['predict: row is a number', '/api/v1/models/bc/predict', { instances: [row0, 5] }, 400, 'MP_SERVING_INPUT_INVALID', /row 1 is number/],
    ['predict: too many rows', '/api/v1/models/bc/predict', { instances: Array<number[]>(MAX_ROWS + 1).fill(row0) }, 413, 'MP_SERVING_TOO_MANY_ROWS'],
  ];
  it.each(cases)('%s', async (_what, path, body, status, code, message) => {
    expectError(await h.post(path, body), status, code, message);
  });

  it('CSV whose rows do not match the header is a 400 naming the line', async () => {
    const csv = `${names.join(',')}\n${row0.join(',')}\n1,2,3\n`;
    expectError(await h.post('/endpoints/bc/invocations', csv, { 'content-type': 'text/csv' }), 400, 'MP_SERVING_BODY_INVALID', /not valid CSV: line 3: has 3 fields, the header has 30/);
  });
});

describe('routing, media types and body limits on every POST route', () => {
  const routes = ['/v2/models/bc/infer', '/v2/models/bc/versions/1/infer', '/endpoints/bc/invocations', '/api/v1/models/bc/predict'];

  const oipRoutes = routes.filter((r) => r.startsWith('/v2/'));
  const jsonOnlyRoutes = routes.filter((r) => !r.startsWith('/v2/'));

  it.each(routes)('%s: wrong content types are 415, with the fix the route takes', async (path) => {
    const fix = path.startsWith('/v2/') ? /send application\/json \(or binary tensor data with the inference-header-content-length header\)/ : /send application\/json \(or text\/csv for MLflow\)/;
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      expectError(await h.post(path, JSON.stringify({ instances: [row0] }), { 'content-type': type }), 415, 'MP_SERVING_MEDIA_UNSUPPORTED', fix);
    }
  });

  it.each(jsonOnlyRoutes)('%s: a body without any content type is 415', async (path) => {
    expectError(await h.fetch(path, { method: 'POST', body: new TextEncoder().encode('{}') }), 415, 'MP_SERVING_MEDIA_UNSUPPORTED');
  });

  it.each(oipRoutes)('%s: a body without any content type is read as JSON, as OIP clients send it', async (path) => {
    const a = await h.fetch(path, { method: 'POST', body: new TextEncoder().encode(JSON.stringify(tensor({}))) });
    expect(a.status).toBe(200);
    expect(a.body.outputs[0].data).toHaveLength(1);
    expectError(await h.fetch(path, { method: 'POST', body: new TextEncoder().encode('{"inputs":') }), 400, 'MP_SERVING_BODY_INVALID');
  });

  it.each(oipRoutes)('%s: binary tensor data with a bad JSON length or sizes is a 400, and the server keeps answering', async (path) => {
    const json = JSON.stringify(tensor({ data: undefined, parameters: { binary_data_size: 120 } }));
    const floats = Buffer.from(new Float32Array(row0).buffer);
    const send = (header: string, body: Buffer) => h.fetch(path, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': header } });
    const whole = Buffer.concat([Buffer.from(json), floats]);
    for (const header of ['', 'x', '-1', '1e3', String(whole.length + 1)]) {
      expectError(await send(header, whole), 400, 'MP_SERVING_BODY_INVALID', /the inference-header-content-length header is '.*' for a body of \d+ bytes/);
    }
    expectError(await send(String(json.length - 1), whole), 400, 'MP_SERVING_BODY_INVALID', /not valid JSON/);
    expectError(await send(String(json.length), whole.subarray(0, whole.length - 4)), 400, 'MP_SERVING_INPUT_INVALID', /declares 120 bytes of binary data, 116 are left/);
    const ok = await send(String(json.length), whole);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each(jsonOnlyRoutes)('%s: the binary tensor header means nothing outside OIP (a JSON body is read as JSON)', async (path) => {
    const body = JSON.stringify({ instances: [row0] });
    const a = await h.post(path, body, { 'inference-header-content-length': '3' });
    expect(a.status).toBe(200);
  });

  it.each(routes)('%s: an empty body without a content type is a 400', async (path) => {
    expectError(await h.fetch(path, { method: 'POST' }), 400, 'MP_SERVING_INPUT_INVALID');
  });

  it.each(routes)('%s: a body over the default 10 MB limit is 413', async (path) => {
    const body = `{"instances":[${'1,'.repeat(5 * 1024 * 1024 + 8)}1]}`;
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
    expectError(await h.post(path, body), 413, 'MP_SERVING_BODY_TOO_LARGE');
  });

  it('unknown endpoints, versions and routes are 404', async () => {
    expectError(await h.post('/v2/models/nope/infer', tensor({})), 404, 'MP_SERVING_ENDPOINT_NOT_FOUND', /endpoint 'nope' is not served here/);
    expectError(await h.post('/v2/models/bc/versions/2/infer', tensor({})), 404, 'MP_SERVING_VERSION_NOT_FOUND');
    expectError(await h.post('/api/v1/models/nope/predict', { instances: [row0] }), 404, 'MP_SERVING_ENDPOINT_NOT_FOUND');
    expectError(await h.post('/endpoints/nope/invocations', { instances: [row0] }), 404, 'MP_SERVING_ENDPOINT_NOT_FOUND');
    expectError(await h.post('/v2/models/bc/predict', tensor({})), 404, 'MP_USAGE', /no route POST \/v2\/models\/bc\/predict/);
    expectError(await h.get('/v2/models/bc/infer'), 404, 'MP_USAGE');
  });
});

describe('the NaN/Inf policy set to allow', () => {
  it('passes null and Infinity to the model (trees treat NaN as missing) and answers 200', async () => {
    const allow = await startServing({ models: [{ name: 'bc', file: 'breast-cancer-trees.onnx' }], endpoints: { t: 'models:/bc/1' }, options: { nonFinite: 'allow' } });
    try {
      const a = await allow.post('/v2/models/t/infer', withValue(0, 3, 'null'));
      expect(a.status).toBe(200);
      const p = a.body.outputs[1].data as number[];
      expect(p).toHaveLength(4);
      for (const v of p) expect(Number.isFinite(v)).toBe(true);
      expect((await allow.post('/v2/models/t/infer', withValue(1, 0, '1e400'))).status).toBe(200);
      // Strings are still not numbers, whatever the policy.
      expect((await allow.post('/v2/models/t/infer', withValue(1, 0, '"x"'))).body.code).toBe('MP_SERVING_INPUT_INVALID');
    } finally {
      await allow.close();
    }
  });
});

describe('malformed requests that must not reach the catch-all 500', () => {
  it.each([
    ['an outputs entry without a name', [{}]],
    ['an outputs entry with only parameters', [{ parameters: { binary_data: false } }]],
    ['an outputs entry that is a list', [['label']]],
  ])('%s is a 400, not a 500', async (_what, outputs) => {
    expectError(await h.post('/v2/models/bc/infer', { ...tensor({}), outputs }), 400, 'MP_SERVING_INPUT_INVALID', /output/);
  });

  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const base = (field: string, value: string): string => {
    const input: Record<string, string> = { name: '"input"', shape: '[1,30]', datatype: '"FP32"', data: JSON.stringify(row0) };
    input[field] = value;
    return `{"inputs":[{${Object.entries(input).map(([k, v]) => `"${k}":${v}`).join(',')}}]}`;
  };
  it.each([
    ['a datatype', base('datatype', deep)],
    ['an output name', `{"inputs":[{"name":"input","shape":[1,30],"datatype":"FP32","data":${JSON.stringify(row0)}}],"outputs":[{"name":${deep}}]}`],
    ['a binary_data_size', `{"inputs":[{"name":"input","shape":[1,30],"datatype":"FP32","parameters":{"binary_data_size":${deep}}}]}`],
  ])('%s nested 10,000 levels deep is a 400, not a 500 (stack overflow)', async (_what, body) => {
    expectError(await h.post('/v2/models/bc/infer', body), 400, 'MP_SERVING_INPUT_INVALID');
  });
});

describe('error messages', () => {
  it('a 413 for the body limit names the limit in bytes', async () => {
    const a = await h.post('/v2/models/bc/infer', `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`);
    expectError(a, 413, 'MP_SERVING_BODY_TOO_LARGE');
    // MP_SERVING_BODY_TOO_LARGE reads 'the request body exceeds %s bytes'; %s must be the configured limit.
    expect(a.body.error).toContain(`exceeds ${10 * 1024 * 1024} bytes`);
  });

  it('a 415 names the content type that was sent', async () => {
    const a = await h.post('/v2/models/bc/infer', tensor({}), { 'content-type': 'text/plain' });
    expectError(a, 415, 'MP_SERVING_MEDIA_UNSUPPORTED');
    // MP_SERVING_MEDIA_UNSUPPORTED reads "content type '%s' is not accepted here"; %s must be what the client sent.
    expect(a.body.error).toMatch(/^content type 'text\/plain' is not accepted here/);
  });
});

describe('clients that go away', () => {
  it('a client that closes its connection mid-body gets no answer, and the server keeps answering others', async () => {
    const { port } = new URL(h.url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"inputs": [{"name":`);
          setTimeout(() => socket.destroy(), 5);
        });
        socket.on('close', () => resolve());
        socket.on('error', () => undefined);
      });
    }
    const a = await h.post('/v2/models/bc/infer', tensor({}));
    expect(a.status).toBe(200);
    expect(a.body.outputs.find((o: { name: string }) => o.name === 'label').data).toEqual([expected['breast-cancer-logreg.onnx']!.first_rows_labels![0]]);
  });
});
