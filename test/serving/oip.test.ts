import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracyOf, CLASSIFIERS, expected, holdoutRows, oipRequest, REGRESSOR, rmseOf, startServing, type ServingHarness } from '../helpers/serving.js';

// Open Inference Protocol v2 through real HTTP on loopback, with requests written by hand the way a KServe/Triton
// client writes them, against the four fixture models. sklearn's numbers come from expected.json.

let h: ServingHarness;
beforeAll(async () => {
  h = await startServing();
});
afterAll(async () => {
  await h?.close();
});

const infer = (endpoint: string, body: unknown, version?: number) =>
  h.post(version === undefined ? `/v2/models/${endpoint}/infer` : `/v2/models/${endpoint}/versions/${version}/infer`, body);

describe.each(CLASSIFIERS)('OIP v2 infer on $endpoint ($file)', ({ endpoint, version, file }) => {
  const meta = expected[file]!;
  const { rows, y } = holdoutRows(meta.holdout_csv);
  const k = meta.first_row_probabilities!.length;

  it('answers the exact KServe client request for the first holdout row with sklearn probabilities (1e-5) and label', async () => {
    // Written out by hand as the spec's example is: id, one FP32 tensor of shape [1, n], flat row-major data.
    const body = { id: 'kserve-0001', inputs: [{ name: 'input', shape: [1, meta.n_features], datatype: 'FP32', data: rows[0] }] };
    const a = await infer(endpoint, body);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(a.body).toMatchObject({ model_name: endpoint, model_version: String(version), id: 'kserve-0001' });
    expect(a.body.outputs.map((o: { name: string; datatype: string; shape: number[] }) => [o.name, o.datatype, o.shape])).toEqual([
      ['label', 'INT64', [1]],
      ['probabilities', 'FP32', [1, k]],
    ]);
    expect(a.body.outputs[0].data).toEqual([meta.first_rows_labels![0]]);
    const probabilities = a.body.outputs[1].data as number[];
    expect(probabilities).toHaveLength(k);
    probabilities.forEach((p, j) => expect(Math.abs(p - meta.first_row_probabilities![j]!)).toBeLessThan(1e-5));
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
  });

  it('answers ten rows in one request, flat or nested data alike, with sklearn labels for rows 0..9', async () => {
    const ten = rows.slice(0, 10);
    const [flat, nested] = await Promise.all([infer(endpoint, oipRequest(ten)), infer(endpoint, oipRequest(ten, {}, true))]);
    expect([flat.status, nested.status]).toEqual([200, 200]);
    expect(flat.body.outputs[0]).toMatchObject({ name: 'label', shape: [10], data: meta.first_rows_labels });
    expect(flat.body.outputs[1].shape).toEqual([10, k]);
    expect(nested.body.outputs).toEqual(flat.body.outputs);
    // Row 0 of a 10-row request is the same answer as row 0 alone.
    const single = await infer(endpoint, oipRequest([rows[0]!]));
    expect(flat.body.outputs[1].data.slice(0, k)).toEqual(single.body.outputs[1].data);
  });

  it('scores the whole holdout sent through HTTP at exactly sklearn accuracy', async () => {
    const a = await infer(endpoint, oipRequest(rows));
    expect(a.status).toBe(200);
    const labels = a.body.outputs[0].data as number[];
    expect(labels).toHaveLength(rows.length);
    expect(accuracyOf(labels, y)).toBeCloseTo(meta.accuracy!, 12);
    // The label is the arg-max of the probabilities, row by row.
    const p = a.body.outputs[1].data as number[];
    labels.forEach((l, r) => expect(p[r * k + l]).toBe(Math.max(...p.slice(r * k, (r + 1) * k))));
  });

  it('returns only the outputs asked for, in the order asked', async () => {
    const only = await infer(endpoint, oipRequest(rows.slice(0, 3), { outputs: [{ name: 'probabilities' }] }));
    expect(only.status).toBe(200);
    expect(only.body.outputs.map((o: { name: string }) => o.name)).toEqual(['probabilities']);
    const swapped = await infer(endpoint, oipRequest(rows.slice(0, 3), { outputs: [{ name: 'probabilities' }, { name: 'label', parameters: { binary_data: false } }] }));
    expect(swapped.body.outputs.map((o: { name: string }) => o.name)).toEqual(['probabilities', 'label']);
    expect(swapped.body.outputs[1].data).toEqual(meta.first_rows_labels!.slice(0, 3));
  });

  it('takes and answers binary tensor data as a Triton client sends it (no content type), with the same numbers as JSON', async () => {
    const json = JSON.stringify({ id: 'bin-1', inputs: [{ name: 'input', shape: [rows.length, meta.n_features], datatype: 'FP32', parameters: { binary_data_size: rows.length * meta.n_features * 4 } }], parameters: { binary_data_output: true } });
    const body = Buffer.concat([Buffer.from(json), Buffer.from(new Float32Array(rows.flat()).buffer)]);
    const a = await h.fetch(`/v2/models/${endpoint}/infer`, { method: 'POST', body, headers: { 'inference-header-content-length': String(Buffer.byteLength(json)) } });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = a.bytes;
    expect(Number(a.headers.get('content-length'))).toBe(bytes.length);
    const split = Number(a.headers.get('inference-header-content-length'));
    const head = JSON.parse(bytes.toString('utf8', 0, split)) as { id: string; outputs: { name: string; shape: number[]; parameters: { binary_data_size: number } }[] };
    expect(head.id).toBe('bin-1');
    expect(head.outputs.map((o) => [o.name, o.shape, o.parameters.binary_data_size])).toEqual([
      ['label', [rows.length], rows.length * 8],
      ['probabilities', [rows.length, k], rows.length * k * 4],
    ]);
    const labelBytes = bytes.subarray(split, split + rows.length * 8);
    const labels = Array.from({ length: rows.length }, (_, r) => Number(labelBytes.readBigInt64LE(r * 8)));
    expect(accuracyOf(labels, y)).toBeCloseTo(meta.accuracy!, 12);
    const probabilityBytes = bytes.subarray(split + rows.length * 8);
    const probabilities = Array.from({ length: rows.length * k }, (_, i) => probabilityBytes.readFloatLE(i * 4));
    const viaJson = await infer(endpoint, oipRequest(rows));
    expect(probabilities).toEqual(viaJson.body.outputs[1].data);
  });

  it('pins the version with /versions/{v}/infer and answers the same as unpinned', async () => {
    const [pinned, plain] = await Promise.all([infer(endpoint, oipRequest(rows.slice(0, 5)), version), infer(endpoint, oipRequest(rows.slice(0, 5)))]);
    expect(pinned.status).toBe(200);
    expect(pinned.body.model_version).toBe(String(version));
    expect(pinned.headers.get('x-modelpilot-version')).toBe(String(version));
    expect(pinned.body.outputs).toEqual(plain.body.outputs);
  });
});

describe('OIP v2 infer on the regressor (diabetes-linear.onnx)', () => {
  const meta = expected[REGRESSOR.file]!;
  const { rows, y } = holdoutRows(meta.holdout_csv);

  it('predicts the first row within 1e-3 of sklearn and the holdout RMSE within 1e-3', async () => {
    const first = await infer('diabetes', { id: 'r1', inputs: [{ name: 'input', shape: [1, 10], datatype: 'FP32', data: rows[0] }] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ model_name: 'diabetes', model_version: '1', id: 'r1' });
    expect(first.body.outputs).toHaveLength(1);
    expect(first.body.outputs[0]).toMatchObject({ name: 'variable', datatype: 'FP32', shape: [1, 1] });
    expect(Math.abs(first.body.outputs[0].data[0] - meta.first_row_prediction!)).toBeLessThan(1e-3);

    const all = await infer('diabetes', oipRequest(rows, {}, true));
    expect(all.body.outputs[0].shape).toEqual([rows.length, 1]);
    expect(all.body.outputs[0].data[0]).toBe(first.body.outputs[0].data[0]);
    expect(Math.abs(rmseOf(all.body.outputs[0].data, y) - meta.rmse!)).toBeLessThan(1e-3);
  });
});

describe('OIP v2 request details', () => {
  const { rows } = holdoutRows('breast-cancer-holdout.csv');

  it('omits id when the request has none, and echoes any string id (unicode, quotes) exactly', async () => {
    const none = await infer('bc', oipRequest([rows[0]!]));
    expect(none.status).toBe(200);
    expect(none.body).not.toHaveProperty('id');
    const odd = 'ünï "quoted" \\ </script> ✓';
    const echoed = await infer('bc', oipRequest([rows[0]!], { id: odd }));
    expect(echoed.body.id).toBe(odd);
  });

  it('accepts request and tensor parameters (the spec allows them) and ignores what it does not use', async () => {
    const body = { id: 'p', parameters: { content_type: 'pd' }, inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', parameters: { content_type: 'np' }, data: rows[0] }] };
    const a = await infer('bc', body);
    expect(a.status).toBe(200);
    expect(a.body.outputs[0].data).toEqual([expected['breast-cancer-logreg.onnx']!.first_rows_labels![0]]);
  });

  it('accepts any row-major nesting whose count matches the shape', async () => {
    const two = rows.slice(0, 2);
    const byFives = two.map((r) => Array.from({ length: 6 }, (_, i) => r.slice(i * 5, i * 5 + 5)));
    const [flat, deep] = await Promise.all([infer('bc', oipRequest(two)), infer('bc', { inputs: [{ name: 'input', shape: [2, 30], datatype: 'FP32', data: byFives }] })]);
    expect(deep.status).toBe(200);
    expect(deep.body.outputs).toEqual(flat.body.outputs);
  });

  it('pins to a version that is registered but not serving the endpoint: 404 naming the version', async () => {
    const a = await infer('bc', oipRequest([rows[0]!]), 2);
    expect(a.status).toBe(404);
    expect(a.body.code).toBe('MP_SERVING_VERSION_NOT_FOUND');
    expect(a.body.error).toMatch(/version 2 is not serving endpoint 'bc'/);
    for (const v of ['0', 'x', '-1', '99999999999999999999']) {
      const b = await h.post(`/v2/models/bc/versions/${v}/infer`, oipRequest([rows[0]!]));
      expect([v, b.status, b.body.code]).toEqual([v, 404, 'MP_SERVING_VERSION_NOT_FOUND']);
    }
  });
});
