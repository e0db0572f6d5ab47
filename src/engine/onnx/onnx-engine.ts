import ort from 'onnxruntime-node';
import type { Signature, TensorSpec } from '../../contract/index.js';
import { mpError, type Clock } from '../../core/index.js';
import type { InferenceEngine, LoadedModel, ModelSource, TensorData, TensorValues } from '../engine.js';
import { inspectInWorker } from './inspect-in-worker.js';

export interface OnnxEngineOptions {
  /** Threads one inference may use (0 = onnxruntime's default). */
  readonly intraOpThreads?: number;
  /** Times `runTimed` (without one, it times the whole wait for the answer). */
  readonly clock?: Clock;
}

/**
 * The onnxruntime-node engine: the only place that imports onnxruntime.
 * @example const engine = createOnnxEngine(); const model = await engine.load({ path: 'model.onnx' });
 */
export function createOnnxEngine(options: OnnxEngineOptions = {}): InferenceEngine {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
  return {
    inspect: (path, label) => inspectInWorker(path, label),
    async load(source) {
      const session = await createSession(source, sessionOptions);
      return wrapSession(session, options.clock);
    },
  };
}

async function createSession(source: ModelSource, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  const label = 'path' in source ? (source.label ?? source.path) : source.label;
  try {
    return 'path' in source
      ? await ort.InferenceSession.create(source.path, options)
      : await ort.InferenceSession.create(source.bytes, options);
  } catch (e) {
    const reason = ((e as Error).message ?? String(e)).split('\n')[0]?.replace(/^\[.*?\]\s*/, '') ?? 'unknown error';
    throw mpError('MP_ONNX_INVALID', label, reason);
  }
}

function wrapSession(session: ort.InferenceSession, clock: Clock | undefined): LoadedModel {
  const signature: Signature = {
    inputs: session.inputMetadata.map(toSpec),
    outputs: session.outputMetadata.map(toSpec),
  };
  const run = async (feeds: Readonly<Record<string, TensorData>>, outputs?: readonly string[]): Promise<Record<string, TensorData>> => {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
    const result = outputs ? await session.run(ortFeeds, [...outputs]) : await session.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(result)) out[name] = { dtype: t.type, shape: t.dims, data: t.data as TensorValues };
    return out;
  };
  return {
    signature,
    run,
    async runTimed(feeds) {
      // onnxruntime-node computes inside a setImmediate callback that `session.run` queues at once: a marker
      // queued just before it runs right before that computation, and this continuation right after it.
      let began = clock?.monotonic() ?? performance.now();
      clock?.afterIo(() => (began = clock.monotonic()));
      const outputs = await run(feeds);
      return { outputs, ms: (clock?.monotonic() ?? performance.now()) - began };
    },
    dispose: () => session.release(),
  };
}

function toSpec(meta: ort.InferenceSession.ValueMetadata): TensorSpec {
  if (!meta.isTensor) return { name: meta.name, dtype: 'non-tensor', shape: [] };
  return {
    name: meta.name,
    dtype: meta.type,
    shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d !== '' ? d : null)),
  };
}

function toOrt(t: TensorData): ort.Tensor {
  return new ort.Tensor(t.dtype as 'float32', t.data as Float32Array, [...t.shape]);
}
