export type { InferenceEngine, LoadedModel, ModelSource, TensorData, TensorValues, TimedRun } from './engine.js';
export { createOnnxEngine, type OnnxEngineOptions } from './onnx/onnx-engine.js';
