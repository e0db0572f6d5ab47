/**
 * The "lean" contender of bench/serve.mjs: node:http + onnxruntime-node, one `session.run` per request (no
 * batching, no validation beyond what decoding needs, no metrics). It shows what one-run-per-request costs, which
 * is what modelpilot's adaptive batching is meant to beat. Same session options as modelpilot's engine
 * (src/app: `createOnnxEngine({ intraOpThreads: 1 })` → graph optimization 'all', one intra-op thread).
 *   node bench/_lean-ort-server.mjs <model.onnx> <port>     prints `listening <port>` once ready
 * Accepts OIP v2 bodies `{"inputs":[{"name","shape":[N,W],"datatype":"FP32","data":[…]}]}` with any N.
 */
import { createServer } from 'node:http';
import * as ort from 'onnxruntime-node';

const [modelPath, portArg] = process.argv.slice(2);
const session = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
const inputName = session.inputNames[0];

async function answer(text) {
  const body = JSON.parse(text);
  const input = body.inputs[0];
  const [rows, width] = input.shape;
  const data = Float32Array.from(input.data.flat(Infinity));
  if (data.length !== rows * width) throw new Error(`expected ${rows * width} values, got ${data.length}`);
  const out = await session.run({ [inputName]: new ort.Tensor('float32', data, [rows, width]) });
  const outputs = session.outputNames.map((name) => {
    const t = out[name];
    const values = t.type === 'int64' ? Array.from(t.data, Number) : Array.from(t.data);
    return { name, datatype: t.type === 'int64' ? 'INT64' : 'FP32', shape: t.dims, data: values };
  });
  return JSON.stringify({ model_name: 'lean', model_version: '1', outputs });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    answer(Buffer.concat(chunks).toString('utf8')).then(
      (json) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      },
      (e) => {
        const json = JSON.stringify({ error: String(e?.message ?? e) });
        res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      },
    );
  });
});
server.keepAliveTimeout = 75_000;
server.listen(Number(portArg ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
