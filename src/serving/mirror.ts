import type { Clock, Random } from '../core/index.js';
import type { TensorData } from '../engine/index.js';
import type { MirrorObservation } from './arm-recorder.js';
import type { RunRecord } from './batcher.js';
import type { ModelLayout } from './model-layout.js';
import type { ServedVersion } from './served-version.js';
import type { EndpointState } from './serving-host.js';

/**
 * Sends a primary's finished run to the endpoint's shadow as one run (the merged rows of every request in it),
 * and records how the two answers compare. Fire and forget, after the primary's clients got their answers: the
 * shadow's failure or slowness never reaches a client. `mirrorPercent` picks runs, so under load requests are
 * mirrored in groups; at low load a run is one request.
 */
export function mirrorRun(state: EndpointState | undefined, primary: ServedVersion, run: RunRecord, random: Random, clock: Clock): void {
  if (state === undefined || run.outputs === undefined) return;
  const shadow = state.shadow;
  // Warm-up runs and runs of a version that already left the plan are not the endpoint's traffic.
  if (!shadow || shadow === primary || state.versions.get(primary.entry.version) !== primary) return;
  if (random.next() * 100 >= state.plan.mirrorPercent) return;
  const { rows, requests, outputs: primaryOutputs } = run;
  const at = clock.now();
  shadow.infer({ rows, tensors: run.inputs }).then(
    ({ outputs, runMs }) => shadow.recorder.mirrored(at, compare(shadow.layout, primaryOutputs, outputs, rows, requests, runMs / Math.max(run.ms, 1e-3))),
    () => shadow.recorder.mirrored(at, { error: true, requests, rows: 0, agreeingRows: 0, sumAbsScoreDiff: 0, maxAbsScoreDiff: 0, latencyRatio: 0 }),
  );
}

/** Label agreement and score differences between the primary's and the shadow's outputs, row by row. */
export function compare(layout: ModelLayout, primary: Record<string, TensorData>, shadow: Record<string, TensorData>, rows: number, requests: number, latencyRatio: number): MirrorObservation {
  const scoreName = layout.probabilitiesOutput ?? (layout.task === 'regression' ? layout.outputs[0]?.name : undefined);
  const a = scoreName ? primary[scoreName]?.data : undefined;
  const b = scoreName ? shadow[scoreName]?.data : undefined;
  const la = layout.labelOutput ? primary[layout.labelOutput]?.data : undefined;
  const lb = layout.labelOutput ? shadow[layout.labelOutput]?.data : undefined;
  let agreeingRows = 0;
  let sum = 0;
  let max = 0;
  const width = a && b && a.length === b.length ? a.length / rows : 0;
  for (let r = 0; r < rows; r++) {
    if (!la || !lb || la[r] === lb[r]) agreeingRows++;
    for (let j = 0; j < width; j++) {
      const d = Math.abs(Number(a![r * width + j]) - Number(b![r * width + j]));
      sum += d / width;
      max = Math.max(max, d);
    }
  }
  return { error: false, requests, rows, agreeingRows, sumAbsScoreDiff: sum, maxAbsScoreDiff: max, latencyRatio };
}
