import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracyOf, CLASSIFIERS, csvLines, expected, holdoutRows, REGRESSOR, rmseOf, startServing, type Answer, type ServingHarness } from '../helpers/serving.js';

// MLflow's scoring formats and the gateway's /predict through real HTTP, on all four fixture models.

let h: ServingHarness;
beforeAll(async () => {
  h = await startServing();
});
afterAll(async () => {
  await h?.close();
});

interface MlflowPrediction {
  label: number;
  probabilities: number[];
}

/** Every way MLflow (and the seed's gateway) lets a client send the same rows. */
function bodies(rows: readonly number[][], names: readonly string[]): [string, unknown, Record<string, string>?][] {
  const records = rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
  // Columns in reverse order: the server must map them by name, not position.
  const reversed = [...names].reverse();
  return [
    ['dataframe_split with columns (reversed order)', { dataframe_split: { columns: reversed, data: rows.map((r) => [...r].reverse()) } }],
    ['dataframe_split without columns', { dataframe_split: { data: rows } }],
    ['dataframe_split with index', { dataframe_split: { index: rows.map((_, i) => i), columns: names, data: rows } }],
    ['dataframe_records', { dataframe_records: records }],
    ['instances as rows', { instances: rows }],
    ['instances as records', { instances: records }],
    ['inputs as rows', { inputs: rows }],
    ['inputs as a named tensor', { inputs: { input: rows } }],
    ['inputs + params', { inputs: rows, params: { threshold: 0.5 } }],
    ['CSV with header', [names.join(','), ...rows.map((r) => r.join(','))].join('\n'), { 'content-type': 'text/csv' }],
  ];
}

const invoke = (endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> => h.post(`/endpoints/${endpoint}/invocations`, body, headers);

describe.each(CLASSIFIERS)('MLflow /invocations on $endpoint ($file)', ({ endpoint, version, file }) => {
  const meta = expected[file]!;
  const { rows, y } = holdoutRows(meta.holdout_csv);
  const ten = rows.slice(0, 10);

  it.each(bodies(ten, meta.feature_names))('%s: sklearn labels for rows 0..9 and probabilities for row 0', async (_format, body, headers) => {
    const a = await invoke(endpoint, body, headers);
    expect(a.status).toBe(200);
    expect(a.headers.get('x-modelpilot-version')).toBe(String(version));
    const predictions = a.body.predictions as MlflowPrediction[];
    expect(predictions.map((p) => p.label)).toEqual(meta.first_rows_labels);
    predictions[0]!.probabilities.forEach((p, j) => expect(Math.abs(p - meta.first_row_probabilities![j]!)).toBeLessThan(1e-5));
    expect(Object.keys(predictions[0]!).sort()).toEqual(['label', 'probabilities']);
  });

  it('the holdout CSV as written (float64 text, target column dropped) scores exactly sklearn accuracy', async () => {
    const csv = csvLines(meta.holdout_csv).map((line) => line.split(',').slice(0, -1).join(',')).join('\r\n');
    const a = await invoke(endpoint, csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(a.status).toBe(200);
    const labels = (a.body.predictions as MlflowPrediction[]).map((p) => p.label);
    expect(accuracyOf(labels, y)).toBeCloseTo(meta.accuracy!, 12);
  });

  it('/invocations with the x-modelpilot-endpoint header answers the same as /endpoints/{e}/invocations', async () => {
    const body = { dataframe_split: { columns: meta.feature_names, data: ten } };
    const [byHeader, byPath] = await Promise.all([h.post('/invocations', body, { 'x-modelpilot-endpoint': endpoint }), invoke(endpoint, body)]);
    expect(byHeader.status).toBe(200);
    expect(byHeader.body).toEqual(byPath.body);
  });
});

describe('MLflow /invocations on the regressor', () => {
  const meta = expected[REGRESSOR.file]!;
  const { rows, y } = holdoutRows(meta.holdout_csv);

  it.each(bodies(rows, meta.feature_names))('%s: a plain list of values, first within 1e-3, RMSE within 1e-3', async (_format, body, headers) => {
    const a = await invoke('diabetes', body, headers);
    expect(a.status).toBe(200);
    const values = a.body.predictions as number[];
    expect(values).toHaveLength(rows.length);
    expect(Math.abs(values[0]! - meta.first_row_prediction!)).toBeLessThan(1e-3);
    expect(Math.abs(rmseOf(values, y) - meta.rmse!)).toBeLessThan(1e-3);
  });
});

describe('MLflow endpoint selection', () => {
  const { rows } = holdoutRows('breast-cancer-holdout.csv');

  it('/invocations without the header on a server with several endpoints is a 400 that says how to name one', async () => {
    const a = await h.post('/invocations', { instances: [rows[0]] });
    expect(a.status).toBe(400);
    expect(a.body.code).toBe('MP_SERVING_INPUT_INVALID');
    expect(a.body.error).toMatch(/hosts 4 endpoints.*x-modelpilot-endpoint/);
  });

  it('an unknown endpoint in the header or the path is 404', async () => {
    const byHeader = await h.post('/invocations', { instances: [rows[0]] }, { 'x-modelpilot-endpoint': 'nope' });
    const byPath = await invoke('nope', { instances: [rows[0]] });
    expect([byHeader.status, byHeader.body.code, byPath.status, byPath.body.code]).toEqual([404, 'MP_SERVING_ENDPOINT_NOT_FOUND', 404, 'MP_SERVING_ENDPOINT_NOT_FOUND']);
  });
});

describe.each([...CLASSIFIERS, REGRESSOR])('POST /api/v1/models/$endpoint/predict ($file)', ({ endpoint, version, file }) => {
  const meta = expected[file]!;
  const { rows, y } = holdoutRows(meta.holdout_csv);
  const records = rows.map((r) => Object.fromEntries(meta.feature_names.map((n, i) => [n, r[i]])));

  it('rows and records by feature name give the same answer, with sklearn numbers', async () => {
    const [byRows, byRecords] = await Promise.all([
      h.post(`/api/v1/models/${endpoint}/predict`, { instances: rows.slice(0, 10) }, { 'x-request-id': `p-${endpoint}` }),
      h.post(`/api/v1/models/${endpoint}/predict`, { instances: records.slice(0, 10) }),
    ]);
    expect([byRows.status, byRecords.status]).toEqual([200, 200]);
    expect(byRows.body).toMatchObject({ model_version: version, request_id: `p-${endpoint}` });
    expect({ ...byRecords.body, request_id: 'x' }).toEqual({ ...byRows.body, request_id: 'x' });
    if (meta.task === 'regression') {
      expect(byRows.body).not.toHaveProperty('probabilities');
      expect(Math.abs(byRows.body.predictions[0] - meta.first_row_prediction!)).toBeLessThan(1e-3);
    } else {
      expect(byRows.body.predictions).toEqual(meta.first_rows_labels);
      const p0 = byRows.body.probabilities[0] as number[];
      p0.forEach((p, j) => expect(Math.abs(p - meta.first_row_probabilities![j]!)).toBeLessThan(1e-5));
      expect(byRows.body.probabilities).toHaveLength(10);
    }
  });

  it('the whole holdout as records scores like sklearn', async () => {
    const a = await h.post(`/api/v1/models/${endpoint}/predict`, { instances: records });
    expect(a.status).toBe(200);
    const predictions = a.body.predictions as number[];
    if (meta.task === 'regression') expect(Math.abs(rmseOf(predictions, y) - meta.rmse!)).toBeLessThan(1e-3);
    else expect(accuracyOf(predictions, y)).toBeCloseTo(meta.accuracy!, 12);
  });
});

describe('a server with one endpoint', () => {
  it('/invocations needs no header when only one endpoint is served', async () => {
    const solo = await startServing({ models: [{ name: 'iris', file: 'iris-logreg.onnx' }], endpoints: { flowers: 'models:/iris/1' } });
    try {
      const { rows } = holdoutRows('iris-holdout.csv');
      const a = await solo.post('/invocations', { instances: rows.slice(0, 10) });
      expect(a.status).toBe(200);
      expect((a.body.predictions as MlflowPrediction[]).map((p) => p.label)).toEqual(expected['iris-logreg.onnx']!.first_rows_labels);
      expect(a.headers.get('x-modelpilot-version')).toBe('1');
    } finally {
      await solo.close();
    }
  });
});
