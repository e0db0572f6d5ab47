import type { ModelVersion, Signature } from '../../contract/index.js';
import { verdict, type Gate, type GateContext } from '../gate.js';
import { ioOf, type ModelIo } from '../model/model-io.js';

/** Input element types the data plane can feed. */
const SERVABLE_INPUTS = new Set(['float32', 'float64', 'int32', 'int64', 'bool']);

/**
 * The signature is present and consistent with the artifact, its inputs match the feature names and the data's
 * columns, and its outputs include what serving needs (a label and/or probabilities for a classifier, a numeric
 * output for a regressor).
 */
export const signatureGate: Gate = {
  name: 'signature',
  category: 'unit',
  enabled: (policy) => policy.signature !== false,
  async check(version, ctx) {
    const sig = version.signature;
    const io = ioOf(sig);
    const problems = [...shapeProblems(sig, io), ...(await artifactProblems(version, ctx)), ...dataProblems(ctx, io)];
    const details = { inputs: sig.inputs, outputs: sig.outputs, width: io.width, task: io.task, featureNames: sig.featureNames ?? null, labelOutput: io.labelOutput ?? null, probabilitiesOutput: io.probabilitiesOutput ?? null, problems };
    if (problems.length > 0) return verdict('Fail', problems.join('; '), { details });
    const names = sig.featureNames ? `${sig.featureNames.length} named features` : `${io.width} columns by position (no feature names)`;
    return verdict('Pass', `${io.task}: ${names}${ctx.holdout ? ', matching the data' : ''}; outputs ${sig.outputs.map((o) => o.name).join(', ')}`, { details });
  },
};

function shapeProblems(sig: Signature, io: ModelIo): string[] {
  const problems: string[] = [];
  if (sig.inputs.length === 0) problems.push('the model declares no inputs');
  if (sig.outputs.length === 0) problems.push('the model declares no outputs');
  for (const input of sig.inputs) if (!SERVABLE_INPUTS.has(input.dtype)) problems.push(`input '${input.name}' is ${input.dtype}, which serving cannot feed`);
  for (const output of sig.outputs) if (output.dtype === 'non-tensor') problems.push(`output '${output.name}' is not a tensor (e.g. a ZipMap), which serving cannot return`);
  if (sig.featureNames && sig.featureNames.length !== io.width) problems.push(`${sig.featureNames.length} feature names for ${io.width} input columns`);
  if (io.task === 'regression' && !sig.outputs.some((o) => o.dtype.startsWith('float'))) problems.push('no label, probability or numeric output for serving to return');
  return problems;
}

/** The registered signature must be the artifact's own (names and element types of inputs and outputs). */
async function artifactProblems(version: ModelVersion, ctx: GateContext): Promise<string[]> {
  const actual = (await ctx.model()).signature;
  const key = (list: Signature['inputs']): string => list.map((t) => `${t.name}:${t.dtype}`).join(',');
  const same = key(actual.inputs) === key(version.signature.inputs) && key(actual.outputs) === key(version.signature.outputs);
  return same ? [] : [`the artifact's signature (${key(actual.inputs)} → ${key(actual.outputs)}) differs from the registered one`];
}

function dataProblems(ctx: GateContext, io: ModelIo): string[] {
  const h = ctx.holdout;
  if (!h) return [];
  const problems: string[] = [];
  if (h.features.length !== io.width) problems.push(`the data has ${h.features.length} feature columns (${h.featureNames.join(', ')}), the model takes ${io.width}`);
  for (const [name, n] of Object.entries(h.nonNumeric)) problems.push(`column '${name}' has ${n} values that are not numbers`);
  return problems;
}
