import type { TensorData } from '../engine/index.js';
import type { MirrorObservation } from './arm-recorder.js';
import type { Feeds } from './feeds.js';
import type { ServingDeps } from './infer.js';
import type { ModelLayout } from './model-layout.js';
import type { ServedVersion } from './served-version.js';
import type { EndpointState } from './serving-host.js';

/**
 * Sends a share of requests to the endpoint's shadow after the primary answered, and records how the two
 * answers compare. Fire and forget: the shadow's failure or slowness never reaches the client.
 */
export function mirror(deps: ServingDeps, state: EndpointState, answeredBy: ServedVersion, feeds: Feeds, primary: Record<string, TensorData>, primaryMs: number): void {
  const shadow = state.shadow;
  if (!shadow || shadow === answeredBy || deps.random.next() * 100 >= state.plan.mirrorPercent) return;
  const at = deps.clock.now();
  shadow.infer(feeds).then(
    ({ outputs, runMs }) => shadow.recorder.mirrored(at, compare(shadow.layout, primary, outputs, feeds.rows, runMs / Math.max(primaryMs, 1e-3))),
    () => shadow.recorder.mirrored(at, { error: true, rows: 0, agreeingRows: 0, sumAbsScoreDiff: 0, maxAbsScoreDiff: 0, latencyRatio: 0 }),
  );
}

/** Label agreement and score differences between the primary's and the shadow's outputs, row by row. */
export function compare(layout: ModelLayout, primary: Record<string, TensorData>, shadow: Record<string, TensorData>, rows: number, latencyRatio: number): MirrorObservation {
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
  return { error: false, rows, agreeingRows, sumAbsScoreDiff: sum, maxAbsScoreDiff: max, latencyRatio };
}
