import type { TensorSpec } from '../../contract/index.js';
import { verdict, type Gate, type GateContext } from '../gate.js';
import { ioOf } from '../model/model-io.js';
import { collect, feedsFor, type Predictions } from '../model/predict.js';
import { probeColumns } from '../model/rows.js';

/** Row sums of probabilities may differ from 1 by float32 rounding, not more. */
const SUM_TOLERANCE = 1e-4;
const RANGE_TOLERANCE = 1e-6;

interface UnitCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly message: string;
}

/**
 * The seed's unit checks on every holdout row (or the profile's sample rows): a prediction for every row, outputs
 * shaped as the signature says, probabilities in [0, 1] summing to 1, and no NaN or infinity.
 */
export const unitGate: Gate = {
  name: 'unit',
  category: 'unit',
  enabled: (policy) => policy.unit !== false,
  async check(version, ctx) {
    const p = await predictionsForUnit(ctx);
    const checks = [rowsCheck(p), shapeCheck(p, version.signature.outputs), ...probabilityChecks(p), finiteCheck(p)];
    const failed = checks.filter((c) => !c.ok);
    const details = { rows: p.rows, source: ctx.holdout ? ctx.holdout.source : 'sample rows', checks };
    if (failed.length > 0) return verdict('Fail', failed.map((c) => c.message).join('; '), { score: failed.length, threshold: '0 failed checks', details });
    return verdict('Pass', `${checks.length} checks passed on ${p.rows} rows`, { score: 0, threshold: '0 failed checks', details });
  },
};

async function predictionsForUnit(ctx: GateContext): Promise<Predictions> {
  if (ctx.holdout) return ctx.predictions();
  const model = await ctx.model();
  const io = ioOf(model.signature);
  const rows = 8;
  return collect(io, [await model.run(feedsFor(io, probeColumns(ctx, io, rows), 0, rows))], rows);
}

function rowsCheck(p: Predictions): UnitCheck {
  const short = Object.entries(p.outputs).filter(([, o]) => o.shape.length > 0 && o.shape[0] !== p.rows);
  return short.length === 0
    ? { check: 'prediction per row', ok: true, message: `every output has ${p.rows} rows` }
    : { check: 'prediction per row', ok: false, message: short.map(([n, o]) => `output '${n}' has ${o.shape[0]} rows for ${p.rows} inputs`).join('; ') };
}

function shapeCheck(p: Predictions, specs: readonly TensorSpec[]): UnitCheck {
  const wrong = specs.filter((spec) => {
    const actual = p.outputs[spec.name];
    if (!actual) return true;
    return actual.shape.length !== spec.shape.length || spec.shape.some((d, i) => i > 0 && typeof d === 'number' && actual.shape[i] !== d);
  });
  return wrong.length === 0
    ? { check: 'output shapes', ok: true, message: 'outputs shaped as the signature says' }
    : { check: 'output shapes', ok: false, message: wrong.map((s) => `output '${s.name}' is [${p.outputs[s.name]?.shape.join(', ') ?? 'missing'}], the signature says [${s.shape.map((d) => d ?? 'N').join(', ')}]`).join('; ') };
}

function probabilityChecks(p: Predictions): UnitCheck[] {
  const probs = p.probabilities;
  if (!probs || p.rows === 0) return [];
  const k = probs.length / p.rows;
  let outOfRange = 0;
  let badSums = 0;
  for (let r = 0; r < p.rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = probs[r * k + j]!;
      if (!(v >= -RANGE_TOLERANCE && v <= 1 + RANGE_TOLERANCE)) outOfRange++;
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) badSums++;
  }
  return [
    { check: 'probabilities in [0, 1]', ok: outOfRange === 0, message: outOfRange === 0 ? 'every probability in [0, 1]' : `${outOfRange} probabilities outside [0, 1]` },
    { check: 'probabilities sum to 1', ok: badSums === 0, message: badSums === 0 ? 'every row sums to 1' : `${badSums} of ${p.rows} rows of probabilities do not sum to 1 (±${SUM_TOLERANCE})` },
  ];
}

function finiteCheck(p: Predictions): UnitCheck {
  const bad = Object.entries(p.outputs).filter(([, o]) => o.nonFinite > 0);
  return bad.length === 0
    ? { check: 'no NaN or infinity', ok: true, message: 'every output value is finite' }
    : { check: 'no NaN or infinity', ok: false, message: bad.map(([n, o]) => `output '${n}' has ${o.nonFinite} NaN/infinite values`).join('; ') };
}
