import type { RolloutSpec, Step, StepSpec, Strategy } from '../contract/index.js';
import { durationMs, mpError, parseModelUri } from '../core/index.js';

/** Defaults of the rollout spec, named once. */
export const ROLLOUT_DEFAULTS = Object.freeze({
  /** An analysis step without a duration judges after this long. */
  analysisMs: 60_000,
  /** An Inconclusive analysis extends up to this multiple of its duration, then pauses for a person. */
  maxAnalysisFactor: 3,
  /** The previous version stays loaded this long after promotion. */
  rollbackWindowMs: 10 * 60_000,
  /** While an analysis waits, the controller looks again this often. */
  analysisIntervalMs: 5_000,
});

/**
 * Parses `90s`, `2m`, `500ms`, `1h` or a number of seconds into milliseconds.
 * @example parseDuration('2m') // 120000
 */
export function parseDuration(value: string | number): number {
  const ms = typeof value === 'string' && value.endsWith('d') ? undefined : durationMs(value);
  if (ms === undefined) throw mpError('MP_ROLLOUT_SPEC_INVALID', `duration '${value}' is not like 90s, 2m, 500ms or 1h`);
  return ms;
}

/** The endpoint a spec targets: its own, else the model's name. */
export function endpointOf(spec: RolloutSpec): string {
  return spec.endpoint ?? parseModelUri(spec.model).name;
}

/**
 * The steps a rollout runs: the spec's own, or the strategy's defaults.
 * canary: 10% → analysis → 50% → analysis; blue-green and rolling: smoke test then switch; shadow: mirror
 * everything and analyse, then wait for `promote` (unless autoPromote); ab: a fixed 50/50 split analysed,
 * then wait (unless autoPromote).
 */
export function stepsOf(spec: RolloutSpec, strategy: Strategy): Step[] {
  const wait: Step[] = spec.autoPromote || (strategy !== 'shadow' && strategy !== 'ab') ? [] : [{ type: 'pause', durationMs: null }];
  if (spec.steps?.length) {
    const steps = spec.steps.map(toStep);
    // Shadow and A/B never promote by themselves unless the spec says autoPromote.
    return steps[steps.length - 1]?.type === 'pause' ? steps : [...steps, ...wait];
  }
  const analysis = toStep({ analysis: {} });
  switch (strategy) {
    case 'canary':
      return [{ type: 'setWeight', weight: 10 }, analysis, { type: 'setWeight', weight: 50 }, analysis];
    case 'blue-green':
    case 'rolling':
      return [{ type: 'gate', check: 'smoke' }, { type: 'setWeight', weight: 100 }];
    case 'shadow':
      return [{ type: 'setMirror', percent: 100 }, analysis, ...wait];
    case 'ab':
      return [{ type: 'setWeight', weight: 50 }, analysis, ...wait];
  }
}

function toStep(s: StepSpec): Step {
  if ('setWeight' in s) return { type: 'setWeight', weight: s.setWeight };
  if ('setMirror' in s) return { type: 'setMirror', percent: s.setMirror };
  if ('pause' in s) return { type: 'pause', durationMs: s.pause.duration === undefined ? null : parseDuration(s.pause.duration) };
  if ('gate' in s) return { type: 'gate', check: 'smoke' };
  const durationMs = s.analysis.duration === undefined ? ROLLOUT_DEFAULTS.analysisMs : parseDuration(s.analysis.duration);
  return {
    type: 'analysis',
    durationMs,
    maxDurationMs: s.analysis.maxDuration === undefined ? durationMs * ROLLOUT_DEFAULTS.maxAnalysisFactor : parseDuration(s.analysis.maxDuration),
    minSamples: s.analysis.minSamples ?? null,
  };
}
