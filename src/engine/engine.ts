import type { Signature } from '../contract/index.js';

/** Element types a tensor can carry across the engine seam. */
export type TensorValues = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | readonly string[];

/** A dense tensor: dtype name as ONNX spells it in onnxruntime ('float32', 'int64', 'bool', …). */
export interface TensorData {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: TensorValues;
}

/** Where the model bytes come from: a file path, or bytes already verified against their digest. */
export type ModelSource = { readonly path: string; readonly label?: string } | { readonly bytes: Uint8Array; readonly label: string };

/** A batch's outputs and how long the engine computed them, in milliseconds. */
export interface TimedRun {
  readonly outputs: Record<string, TensorData>;
  readonly ms: number;
}

/** One model loaded and ready to run. */
export interface LoadedModel {
  readonly signature: Signature;
  /** Runs one batch; `outputs` limits what is fetched (default: all). */
  run(feeds: Readonly<Record<string, TensorData>>, outputs?: readonly string[]): Promise<Record<string, TensorData>>;
  /**
   * Runs one batch and times the engine's own computation: not the wait for its turn on the event loop, during
   * which other work (another version's run, other requests) goes first.
   */
  runTimed(feeds: Readonly<Record<string, TensorData>>): Promise<TimedRun>;
  /** Frees the native session; the model must not be run afterwards. */
  dispose(): Promise<void>;
}

/**
 * Loads model artifacts into something that runs. Throws MP_ONNX_INVALID when the bytes are not a loadable model.
 * @example const model = await engine.load({ path: 'model.onnx' }); const out = await model.run({ input });
 */
export interface InferenceEngine {
  load(source: ModelSource): Promise<LoadedModel>;
  /** Checks that a model file loads and reads its signature, without keeping it loaded. */
  inspect(path: string, label: string): Promise<Signature>;
}
