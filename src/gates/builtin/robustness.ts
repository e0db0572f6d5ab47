import type { LoadedModel, TensorData } from '../../engine/index.js';
import { DEFAULT_ROBUSTNESS, section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { ioOf, type ModelIo } from '../model/model-io.js';
import { feedsFor } from '../model/predict.js';
import { probeColumns } from '../model/rows.js';
import { buildProbes, type Probe } from './_probes.js';

/** How the model handled one hostile input. */
export interface ProbeResult {
  readonly probe: string;
  readonly handling: 'answered' | 'refused' | 'nan-out' | 'wrong-rows';
  readonly verdict: 'ok' | 'guarded' | 'bad';
  readonly message: string;
}

/**
 * Hostile inputs — NaN, ±Inf, 1e30, a missing column, the wrong element type, an empty batch, one huge batch — must
 * be refused with an error or answered sanely: never NaN out, never the wrong number of rows. NaN out for a
 * non-finite input is "guarded" (Warn) when the model is served with the data plane's default non-finite policy,
 * which refuses such inputs before the model sees them. (A native crash would end the process; onnxruntime reports
 * bad inputs as errors.)
 */
export const robustnessGate: Gate = {
  name: 'robustness',
  category: 'security',
  enabled: (policy) => policy.robustness !== false,
  async check(_version, ctx) {
    const settings = { ...DEFAULT_ROBUSTNESS, ...section(ctx.policy, 'robustness') };
    const model = await ctx.model();
    const io = ioOf(model.signature);
    const base = probeColumns(ctx, io, 1);
    const huge = feedsFor(io, probeColumns(ctx, io, settings.hugeBatch), 0, settings.hugeBatch);
    const results: ProbeResult[] = [];
    for (const probe of buildProbes(io, base, huge, settings.hugeBatch)) results.push(await runProbe(model, io, probe, settings.nonFinite === 'reject'));
    const bad = results.filter((r) => r.verdict === 'bad');
    const guarded = results.filter((r) => r.verdict === 'guarded');
    const details = { nonFinite: settings.nonFinite, hugeBatch: settings.hugeBatch, probes: results };
    const counts = `${results.length} probes: ${results.filter((r) => r.handling === 'answered').length} answered sanely, ${results.filter((r) => r.handling === 'refused').length} refused with an error`;
    if (bad.length > 0) return verdict('Fail', `${counts}; ${bad.map((r) => r.message).join('; ')}`, { score: bad.length, threshold: '0 bad answers', details });
    if (guarded.length > 0) return verdict('Warn', `${counts}; ${guarded.map((r) => r.message).join('; ')} (guarded: the data plane refuses non-finite inputs)`, { score: 0, threshold: '0 bad answers', details });
    return verdict('Pass', counts, { score: 0, threshold: '0 bad answers', details });
  },
};

async function runProbe(model: LoadedModel, io: ModelIo, probe: Probe, rejectNonFinite: boolean): Promise<ProbeResult> {
  let outputs: Record<string, TensorData>;
  try {
    outputs = await model.run(probe.feeds);
  } catch (e) {
    const reason = String((e as Error).message ?? e).split('\n')[0]!.slice(0, 200);
    return { probe: probe.name, handling: 'refused', verdict: 'ok', message: `${probe.name}: refused (${reason})` };
  }
  const wrongRows = Object.entries(outputs).find(([, t]) => t.shape.length > 0 && t.shape[0] !== probe.rows);
  if (wrongRows) return { probe: probe.name, handling: 'wrong-rows', verdict: 'bad', message: `${probe.name}: output '${wrongRows[0]}' has ${wrongRows[1].shape[0]} rows for ${probe.rows}` };
  const nonFinite = Object.entries(outputs).find(([, t]) => hasNonFinite(t));
  if (!nonFinite) return { probe: probe.name, handling: 'answered', verdict: 'ok', message: `${probe.name}: answered` };
  const guarded = probe.nonFiniteInput && rejectNonFinite;
  return { probe: probe.name, handling: 'nan-out', verdict: guarded ? 'guarded' : 'bad', message: `${probe.name}: NaN/infinity out in '${nonFinite[0]}'` };
}

function hasNonFinite(t: TensorData): boolean {
  if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) return false;
  for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i]!)) return true;
  return false;
}
