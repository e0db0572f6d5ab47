import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expected, holdoutRows, oipRequest, startServing, type Answer, type ServingHarness } from '../helpers/serving.js';

// Server and model metadata, health and readiness, and the headers every answer carries, over loopback HTTP.

let h: ServingHarness;
beforeAll(async () => {
  h = await startServing();
});
afterAll(async () => {
  await h?.close();
});

const { rows } = holdoutRows('breast-cancer-holdout.csv');
const bcFeatures = expected['breast-cancer-logreg.onnx']!.feature_names;

describe('OIP v2 server and model metadata', () => {
  it('GET /v2 names the server and its version; /v2/health/live and /v2/health/ready answer true', async () => {
    const [server, live, ready] = await Promise.all([h.get('/v2'), h.get('/v2/health/live'), h.get('/v2/health/ready')]);
    expect([server.status, server.body]).toEqual([200, { name: 'modelpilot', version: 'test', extensions: ['binary_tensor_data'] }]);
    expect([live.status, live.body]).toEqual([200, { live: true }]);
    expect([ready.status, ready.body]).toEqual([200, { ready: true }]);
  });

  it('GET /v2/models/{e} describes the served version: inputs, outputs (OIP datatypes, -1 for free dims), feature names', async () => {
    const a = await h.get('/v2/models/bc');
    expect(a.status).toBe(200);
    expect(a.headers.get('x-modelpilot-version')).toBe('1');
    expect(a.body).toEqual({
      name: 'bc',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
      ],
      parameters: { model: 'bc', version: 1, feature_names: bcFeatures },
    });
    const pinned = await h.get('/v2/models/trees/versions/2');
    expect(pinned.body).toMatchObject({ name: 'trees', versions: ['2'], parameters: { model: 'bc', version: 2 } });
    const iris = await h.get('/v2/models/iris');
    expect(iris.body.outputs[1]).toEqual({ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] });
    expect(iris.body.parameters.feature_names).toEqual(expected['iris-logreg.onnx']!.feature_names);
    const diabetes = await h.get('/v2/models/diabetes');
    expect(diabetes.body.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 10] }]);
    expect(diabetes.body.outputs).toEqual([{ name: 'variable', datatype: 'FP32', shape: [-1, 1] }]);
  });

  it('GET /v2/models/{e}/ready and …/versions/{v}/ready answer ready; unknown endpoint or version is 404', async () => {
    const ready = await h.get('/v2/models/bc/ready');
    expect([ready.status, ready.body]).toEqual([200, { name: 'bc', ready: true }]);
    expect((await h.get('/v2/models/trees/versions/2/ready')).body).toEqual({ name: 'trees', ready: true });
    const unknown = await h.get('/v2/models/nope/ready');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'MP_SERVING_ENDPOINT_NOT_FOUND']);
    const meta = await h.get('/v2/models/nope');
    expect([meta.status, meta.body.code]).toEqual([404, 'MP_SERVING_ENDPOINT_NOT_FOUND']);
    const version = await h.get('/v2/models/bc/versions/7/ready');
    expect([version.status, version.body.code]).toEqual([404, 'MP_SERVING_VERSION_NOT_FOUND']);
  });
});

describe('health and readiness', () => {
  it('/ping, /health and /api/v1/models/{e}/health answer when ready', async () => {
    for (const path of ['/ping', '/health']) {
      const a = await h.get(path);
      expect([path, a.status, a.body]).toEqual([path, 200, { status: 'ok' }]);
    }
    const gateway = await h.get('/api/v1/models/trees/health');
    expect([gateway.status, gateway.body]).toEqual([200, { status: 'healthy', endpoint: 'trees', model: 'bc', model_version: 2 }]);
    expect(gateway.headers.get('x-modelpilot-version')).toBe('2');
    const unknown = await h.get('/api/v1/models/nope/health');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'MP_SERVING_ENDPOINT_NOT_FOUND']);
  });

  it('while not ready, /v2/health/ready, /ping and /health are 503 with Retry-After and the reason; live stays 200', async () => {
    h.server.setNotReady('draining for the test');
    try {
      for (const path of ['/v2/health/ready', '/ping', '/health']) {
        const a = await h.get(path);
        expect([path, a.status, a.headers.get('retry-after'), a.body.code]).toEqual([path, 503, '1', 'MP_SERVER_NOT_READY']);
        expect(a.body.error).toContain('draining for the test');
      }
      expect((await h.get('/v2/health/live')).status).toBe(200);
    } finally {
      h.server.setNotReady(undefined);
    }
    expect((await h.get('/v2/health/ready')).status).toBe(200);
    expect((await h.get('/ping')).status).toBe(200);
  });
});

describe('headers', () => {
  const one = rows[0]!;
  const record = Object.fromEntries(bcFeatures.map((n, i) => [n, one[i]]));
  const calls: [string, (headers: Record<string, string>) => Promise<Answer>][] = [
    ['oip', (hd) => h.post('/v2/models/bc/infer', oipRequest([one]), hd)],
    ['oip pinned', (hd) => h.post('/v2/models/bc/versions/1/infer', oipRequest([one]), hd)],
    ['mlflow', (hd) => h.post('/endpoints/bc/invocations', { instances: [one] }, hd)],
    ['mlflow header', (hd) => h.post('/invocations', { dataframe_records: [record] }, { 'x-modelpilot-endpoint': 'bc', ...hd })],
    ['predict', (hd) => h.post('/api/v1/models/bc/predict', { instances: [record] }, hd)],
  ];

  it.each(calls)('%s echoes x-request-id when sent and sets x-modelpilot-version', async (_name, call) => {
    const a = await call({ 'x-request-id': 'client-chosen-id-42' });
    expect(a.status).toBe(200);
    expect(a.headers.get('x-request-id')).toBe('client-chosen-id-42');
    expect(a.headers.get('x-modelpilot-version')).toBe('1');
  });

  it.each(calls)('%s generates a distinct x-request-id when none is sent', async (_name, call) => {
    const answers = await Promise.all([call({}), call({}), call({})]);
    const ids = answers.map((a) => a.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^\S{4,}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('predict names the request id in its body too, the same as the header', async () => {
    const sent = await h.post('/api/v1/models/bc/predict', { instances: [one] }, { 'x-request-id': 'abc-123' });
    expect(sent.body.request_id).toBe('abc-123');
    const generated = await h.post('/api/v1/models/bc/predict', { instances: [one] });
    expect(generated.body.request_id).toBe(generated.headers.get('x-request-id'));
  });

  it('errors echo x-request-id as well', async () => {
    const a = await h.post('/v2/models/bc/infer', '{"inputs": [', { 'x-request-id': 'bad-one' });
    expect(a.status).toBe(400);
    expect(a.headers.get('x-request-id')).toBe('bad-one');
    const missing = await h.post('/v2/models/missing/infer', oipRequest([one]), { 'x-request-id': 'gone' });
    expect([missing.status, missing.headers.get('x-request-id')]).toEqual([404, 'gone']);
  });

  it.each([
    ['oip', '/v2/models/trees/infer'],
    ['mlflow', '/endpoints/trees/invocations'],
    ['predict', '/api/v1/models/trees/predict'],
  ])('%s: a request refused after routing says which version refused it', async (_name, path) => {
    const a = await h.post(path, { inputs: 'nonsense', instances: 'nonsense' });
    expect(a.status).toBe(400);
    expect(a.headers.get('x-modelpilot-version')).toBe('2');
    expect(a.headers.get('x-request-id')).toMatch(/\S/);
  });

  it('the trees endpoint answers with version 2 on every protocol', async () => {
    const answers = await Promise.all([
      h.post('/v2/models/trees/infer', oipRequest([one])),
      h.post('/endpoints/trees/invocations', { instances: [one] }),
      h.post('/api/v1/models/trees/predict', { instances: [one] }),
    ]);
    expect(answers.map((a) => [a.status, a.headers.get('x-modelpilot-version')])).toEqual([
      [200, '2'],
      [200, '2'],
      [200, '2'],
    ]);
  });
});
