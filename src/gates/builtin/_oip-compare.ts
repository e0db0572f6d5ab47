import type { ModelIo } from '../model/model-io.js';
import type { Predictions } from '../model/predict.js';

/** One output of an OIP v2 infer answer. */
export interface OipOutput {
  readonly name: string;
  readonly shape?: readonly number[];
  readonly data: readonly unknown[];
}

/** Served probabilities and values may differ from in-process ones by float32 rounding in JSON, not more. */
const TOLERANCE = 1e-5;

/**
 * Why a served answer differs from the in-process predictions, or undefined when it matches.
 * @example compareAnswers(body.outputs, io, local) // "label row 3: served 0, in-process 1"
 */
export function compareAnswers(outputs: readonly OipOutput[], io: ModelIo, local: Predictions): string | undefined {
  const find = (name: string | undefined): number[] | undefined => {
    const o = name === undefined ? undefined : outputs.find((x) => x.name === name);
    return o ? o.data.flat(4).map(Number) : undefined;
  };
  const checks: [string | undefined, Float64Array | null, number][] = [
    [io.labelOutput, io.labelOutput ? local.labels : null, 0],
    [io.probabilitiesOutput, local.probabilities, TOLERANCE],
    [io.valueOutput, io.valueOutput ? local.values : null, TOLERANCE],
  ];
  for (const [name, expected, tolerance] of checks) {
    if (name === undefined || expected === null) continue;
    const served = find(name);
    if (!served) return `the answer has no output '${name}' (it has ${outputs.map((o) => o.name).join(', ') || 'none'})`;
    if (served.length < expected.length) return `output '${name}' has ${served.length} values, expected ${expected.length}`;
    const i = expected.findIndex((v, j) => !(Math.abs(served[j]! - v) <= tolerance * Math.max(1, Math.abs(v))));
    if (i >= 0) return `output '${name}' value ${i}: served ${served[i]}, in-process ${expected[i]}`;
  }
  return undefined;
}
