import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Signature } from '../../contract/index.js';
import { mpError } from '../../core/index.js';

// onnxruntime creates a session synchronously, reading the whole file: on the main thread that would stall
// everything else a registration does at the same time (hashing and storing the same bytes). A worker keeps
// the two truly parallel. The worker is plain CommonJS given as text, so it runs the same from src/ and dist/.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
const spec = (m) => m.isTensor
  ? { name: m.name, dtype: m.type, shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d !== '' ? d : null)) }
  : { name: m.name, dtype: 'non-tensor', shape: [] };
ort.InferenceSession.create(workerData.path, { graphOptimizationLevel: 'disabled' }).then(
  async (s) => { parentPort.postMessage({ ok: true, signature: { inputs: s.inputMetadata.map(spec), outputs: s.outputMetadata.map(spec) } }); await s.release(); },
  (e) => parentPort.postMessage({ ok: false, message: String((e && e.message) || e) }),
);
`;

const ORT_PATH = createRequire(import.meta.url).resolve('onnxruntime-node');

/**
 * Opens a model file with onnxruntime in a worker thread and returns its signature; MP_ONNX_INVALID when
 * onnxruntime refuses it.
 * @example const signature = await inspectInWorker('model.onnx', 'model.onnx');
 */
export function inspectInWorker(path: string, label: string): Promise<Signature> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { path, ort: ORT_PATH } });
    worker.once('message', (m: { ok: true; signature: Signature } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.signature);
      else reject(mpError('MP_ONNX_INVALID', label, m.message.split('\n')[0]!.replace(/^\[.*?\]\s*/, '')));
    });
    worker.once('error', (e) => reject(mpError('MP_ONNX_INVALID', label, e.message)));
    worker.once('exit', (code) => code !== 0 && reject(mpError('MP_ONNX_INVALID', label, `the inspecting worker exited with ${code}`)));
  });
}
