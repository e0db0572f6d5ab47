import type { Signature, TensorSpec } from '../contract/index.js';

/** Element types the data plane accepts, as the Open Inference Protocol names them, by onnxruntime dtype. */
export const OIP_DATATYPE: Readonly<Record<string, string>> = {
  float32: 'FP32', float64: 'FP64', int32: 'INT32', int64: 'INT64', bool: 'BOOL', uint8: 'UINT8', int8: 'INT8', float16: 'FP16', string: 'BYTES',
};

export interface InputSlot {
  readonly name: string;
  readonly dtype: string;
  /** Columns this input takes per row. */
  readonly width: number;
  /** Index of its first column among all feature columns. */
  readonly offset: number;
}

/** How rows of features map onto the model's inputs, and what its outputs mean. */
export interface ModelLayout {
  readonly inputs: readonly InputSlot[];
  /** Feature columns per row, over all inputs. */
  readonly width: number;
  readonly featureNames: readonly string[];
  /** Column index by feature name (records are mapped through it). */
  readonly columnOf: ReadonlyMap<string, number>;
  readonly outputs: readonly TensorSpec[];
  readonly outputNames: readonly string[];
  readonly labelOutput: string | undefined;
  readonly probabilitiesOutput: string | undefined;
  readonly task: 'classification' | 'regression';
}

/**
 * Reads a signature into a layout: one 2-D input of `width` columns, or one input per feature.
 * Feature names default to `f0…f{n-1}` (or the input names when there is one input per feature).
 * @example layoutOf(version.signature).width // 30
 */
export function layoutOf(signature: Signature): ModelLayout {
  let offset = 0;
  const inputs = signature.inputs.map((spec) => {
    const width = widthOf(spec);
    const slot = { name: spec.name, dtype: spec.dtype, width, offset };
    offset += width;
    return slot;
  });
  const featureNames = signature.featureNames?.length === offset ? signature.featureNames : defaultNames(inputs, offset);
  const labelOutput = signature.outputs.find((o) => o.dtype.startsWith('int') && o.shape.length <= 1)?.name ?? signature.outputs.find((o) => o.name === 'label')?.name;
  const probabilitiesOutput = signature.outputs.find((o) => o.name !== labelOutput && o.dtype.startsWith('float') && o.shape.length === 2 && /prob|score/i.test(o.name))?.name;
  return {
    inputs,
    width: offset,
    featureNames,
    columnOf: new Map(featureNames.map((n, i) => [n, i])),
    outputs: signature.outputs,
    outputNames: signature.outputs.map((o) => o.name),
    labelOutput,
    probabilitiesOutput,
    task: labelOutput !== undefined || probabilitiesOutput !== undefined ? 'classification' : 'regression',
  };
}

function widthOf(spec: TensorSpec): number {
  if (spec.shape.length <= 1) return 1;
  const rest = spec.shape.slice(1);
  return rest.every((d) => typeof d === 'number') ? (rest as number[]).reduce((a, b) => a * b, 1) : 1;
}

function defaultNames(inputs: readonly InputSlot[], width: number): string[] {
  if (inputs.length === width) return inputs.map((i) => i.name);
  return Array.from({ length: width }, (_, i) => `f${i}`);
}
