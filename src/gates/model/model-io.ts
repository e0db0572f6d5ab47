import type { Signature, TensorSpec } from '../../contract/index.js';

/** One model input and the feature columns it takes. */
export interface InputSlot {
  readonly name: string;
  readonly dtype: string;
  readonly width: number;
  /** Index of its first column among all feature columns. */
  readonly offset: number;
}

/** How feature columns map onto a model's inputs and what its outputs mean (serving reads signatures the same way). */
export interface ModelIo {
  readonly inputs: readonly InputSlot[];
  /** Feature columns per row over all inputs. */
  readonly width: number;
  readonly task: 'classification' | 'regression';
  /** The integer label output of a classifier. */
  readonly labelOutput: string | undefined;
  /** The [N, k] class-probability output of a classifier. */
  readonly probabilitiesOutput: string | undefined;
  /** The first output: what a regressor predicts. */
  readonly valueOutput: string | undefined;
}

/**
 * Reads a signature: one 2-D input of `width` columns or one input per feature; a classifier has an integer label
 * output and/or a float [N, k] output named like probabilities/scores; anything else is a regressor.
 * @example ioOf(version.signature).width // 30
 */
export function ioOf(signature: Signature): ModelIo {
  let offset = 0;
  const inputs = signature.inputs.map((spec) => {
    const slot = { name: spec.name, dtype: spec.dtype, width: widthOf(spec), offset };
    offset += slot.width;
    return slot;
  });
  const labelOutput = signature.outputs.find((o) => o.dtype.startsWith('int') && o.shape.length <= 1)?.name;
  const probabilitiesOutput = signature.outputs.find((o) => o.name !== labelOutput && o.dtype.startsWith('float') && o.shape.length === 2 && /prob|score/i.test(o.name))?.name;
  const classifier = labelOutput !== undefined || probabilitiesOutput !== undefined;
  return {
    inputs,
    width: offset,
    task: classifier ? 'classification' : 'regression',
    labelOutput,
    probabilitiesOutput,
    valueOutput: classifier ? undefined : signature.outputs[0]?.name,
  };
}

/** Columns per row of one input: the product of its fixed non-batch dimensions (1 for a 1-D input). */
function widthOf(spec: TensorSpec): number {
  const rest = spec.shape.slice(1);
  if (rest.length === 0) return 1;
  return rest.every((d) => typeof d === 'number') ? (rest as number[]).reduce((a, b) => a * b, 1) : 1;
}
