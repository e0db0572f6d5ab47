import type { AnalysisReport, RolloutSnapshot, Step } from '../contract/index.js';
import { isLive, versionUri } from '../core/index.js';
import { planOf, promotedPlan, stablePlan } from './plan-of.js';
import type { Decision, RolloutEffect, RolloutEvent } from './rollout-types.js';
import { parseDuration, ROLLOUT_DEFAULTS } from './spec.js';

/**
 * The rollout state machine, pure: the snapshot after `event` at `now`, the effects to execute, and when to
 * look again. It never performs I/O; the controller executes the effects and persists the snapshot.
 * @example decide(snapshot, { type: 'tick' }, clock.now()).effects
 */
export function decide(s: RolloutSnapshot, event: RolloutEvent, now: number): Decision {
  if (!isLive(s.phase)) return afterTheEnd(s, event, now);
  switch (event.type) {
    case 'start':
      return begin(s, now);
    case 'tick':
      return s.phase === 'Progressing' ? progress(s, now, event.report) : wait(s);
    case 'smoke':
      if (s.awaiting !== 'smoke') return wait(s);
      return event.ok ? progress(advance({ ...s, awaiting: null, message: `smoke test passed: ${event.message}` }, now), now, undefined) : fail(s, now, `smoke test failed: ${event.message}`);
    case 'applyFailed':
      return fail(s, now, event.message);
    case 'pause':
      return s.phase === 'Paused' ? wait(s) : paused(s, now, `paused by ${event.actor}`, 'manual');
    case 'resume':
      return resume(s, now, event.actor);
    case 'promote':
      return succeed(s, now, `promoted by ${event.actor}`);
    case 'abort':
    case 'rollback':
      return rollBack(s, now, `${event.type === 'abort' ? 'aborted' : 'rolled back'} by ${event.actor}`, 'Aborted');
  }
}

/**
 * Loads the target next to stable with no traffic (load, digest check, warm-up happen here; a failure comes
 * back as applyFailed and leaves stable untouched), then runs the first steps.
 */
function begin(s: RolloutSnapshot, now: number): Decision {
  const loaded = { ...s, planRevision: s.planRevision + 1 };
  const next = progress(loaded, now, undefined);
  const to = versionUri(s.target.model, s.target.version);
  return {
    ...next,
    effects: [
      { type: 'applyPlan', plan: planOf(loaded, loaded.planRevision) },
      { type: 'notify', kind: 'start', message: `${s.endpoint}: ${s.strategy} rollout of ${to} started` },
      ...next.effects,
    ],
  };
}

/** Runs steps from the current one until one has to wait; the plan is applied once for all of them. */
function progress(start: RolloutSnapshot, now: number, report: AnalysisReport | undefined): Decision {
  let s = start;
  const effects: RolloutEffect[] = [];
  let planChanged = false;
  for (;;) {
    const step = s.steps[s.stepIndex];
    // The promoted plan supersedes any weights set on the way, so only the step audits carry over.
    if (!step) return succeed(s, now, 'every step passed', effects);
    const outcome = runStep(s, step, now, report);
    if (outcome.kind === 'decided') return withEffects(outcome.decision, effects, planChanged);
    if (outcome.kind === 'wait') return withEffects({ snapshot: outcome.snapshot, effects: outcome.effects ?? [], requeueAfterMs: outcome.requeueAfterMs }, effects, planChanged);
    planChanged ||= outcome.planChanged;
    effects.push({ type: 'audit', action: 'rollout.step', details: { step: s.stepIndex, ...step } });
    s = advance(outcome.snapshot, now);
    report = undefined;
  }
}

type StepOutcome =
  | { kind: 'next'; snapshot: RolloutSnapshot; planChanged: boolean }
  | { kind: 'wait'; snapshot: RolloutSnapshot; requeueAfterMs: number | null; effects?: RolloutEffect[] }
  | { kind: 'decided'; decision: Decision };

function runStep(s: RolloutSnapshot, step: Step, now: number, report: AnalysisReport | undefined): StepOutcome {
  switch (step.type) {
    case 'setWeight':
      return { kind: 'next', snapshot: split(s, step.weight, s.mirror, now), planChanged: true };
    case 'setMirror':
      return { kind: 'next', snapshot: split(s, s.weight, step.percent, now), planChanged: true };
    case 'pause':
      return pauseStep(s, step.durationMs, now);
    case 'gate':
      // Asked again while waiting (a restart lost the test in flight), the smoke test simply runs again.
      return { kind: 'wait', snapshot: { ...s, awaiting: 'smoke', message: 'smoke test of the new version through header pinning' }, requeueAfterMs: null, effects: [{ type: 'smokeTest', endpoint: s.endpoint, version: s.target }] };
    case 'analysis':
      return analysisStep(s, step, now, report);
  }
}

/**
 * A new traffic split. Analyses judge only what happened since the split last changed: pooled over steps with
 * different shares, the arms would see different mixes of time, and a load or traffic change between steps
 * would look like a difference between the versions.
 */
function split(s: RolloutSnapshot, weight: number, mirror: number, now: number): RolloutSnapshot {
  const unchanged = weight === s.weight && mirror === s.mirror;
  const observedSince = unchanged ? s.observedSince : weight > 0 || mirror > 0 ? now : null;
  return { ...s, weight, mirror, observedSince };
}

function pauseStep(s: RolloutSnapshot, durationMs: number | null, now: number): StepOutcome {
  if (durationMs === null) return { kind: 'decided', decision: paused(s, now, `step ${s.stepIndex + 1} waits for: modelpilot rollout resume|promote ${s.endpoint}`, 'step') };
  const left = s.stepStartedAt + durationMs - now;
  return left <= 0 ? { kind: 'next', snapshot: s, planChanged: false } : { kind: 'wait', snapshot: { ...s, message: `pausing ${Math.ceil(left / 1000)} s more` }, requeueAfterMs: left };
}

function analysisStep(s: RolloutSnapshot, step: Extract<Step, { type: 'analysis' }>, now: number, report: AnalysisReport | undefined): StepOutcome {
  const elapsed = now - s.stepStartedAt;
  const next = Math.min(ROLLOUT_DEFAULTS.analysisIntervalMs, Math.max(1, step.durationMs - elapsed));
  const snap = report ? { ...s, lastReport: report } : s;
  if (elapsed < step.durationMs || !report) return { kind: 'wait', snapshot: { ...snap, message: `analysing (${Math.floor(elapsed / 1000)} of ${Math.ceil(step.durationMs / 1000)} s)` }, requeueAfterMs: next };
  if (report.outcome === 'Pass') return { kind: 'next', snapshot: { ...snap, reports: [...s.reports, report], message: `analysis passed: ${report.reason}` }, planChanged: false };
  if (report.outcome === 'Fail') return { kind: 'decided', decision: rollBack(snap, now, `analysis failed: ${report.reason}`, 'RolledBack') };
  if (elapsed < step.maxDurationMs) return { kind: 'wait', snapshot: { ...snap, message: `inconclusive, extending the analysis: ${report.reason}` }, requeueAfterMs: ROLLOUT_DEFAULTS.analysisIntervalMs };
  return { kind: 'decided', decision: paused({ ...snap, reports: [...s.reports, report] }, now, `analysis inconclusive after ${Math.round(elapsed / 1000)} s (${report.reason}); resume, promote or abort: modelpilot rollout resume|promote|abort ${s.endpoint}`, 'step') };
}

function advance(s: RolloutSnapshot, now: number): RolloutSnapshot {
  return { ...s, stepIndex: s.stepIndex + 1, stepStartedAt: now, updatedAt: now };
}

function withEffects(d: Decision, before: readonly RolloutEffect[], planChanged: boolean): Decision {
  const apply: RolloutEffect[] = [];
  let snapshot = d.snapshot;
  if (planChanged && isLive(snapshot.phase)) {
    snapshot = { ...snapshot, planRevision: snapshot.planRevision + 1 };
    apply.push({ type: 'applyPlan', plan: planOf(snapshot, snapshot.planRevision) });
  }
  const stepNote: RolloutEffect[] = before.length ? [{ type: 'notify', kind: 'step', message: `${snapshot.endpoint}: ${describe(snapshot)}` }] : [];
  return { ...d, snapshot, effects: [...apply, ...before, ...stepNote, ...d.effects] };
}

function paused(s: RolloutSnapshot, now: number, reason: string, kind: 'manual' | 'step'): Decision {
  return {
    snapshot: { ...s, phase: 'Paused', pauseReason: reason, pauseKind: kind, message: reason, updatedAt: now },
    effects: [{ type: 'audit', action: 'rollout.pause', details: { reason } }, { type: 'notify', kind: 'paused', message: `${s.endpoint}: ${reason}` }],
    requeueAfterMs: null,
  };
}

function resume(s: RolloutSnapshot, now: number, actor: string): Decision {
  if (s.phase !== 'Paused') return wait(s);
  const resumed: RolloutSnapshot = { ...s, phase: 'Progressing', pauseReason: null, pauseKind: null, message: `resumed by ${actor}`, updatedAt: now };
  // A step that paused itself (a pause without duration, an inconclusive analysis) is done once a person resumes.
  const next = progress(s.pauseKind === 'step' ? advance(resumed, now) : resumed, now, undefined);
  return { ...next, effects: [{ type: 'audit', action: 'rollout.resume', details: { by: actor } }, ...next.effects] };
}

function succeed(s: RolloutSnapshot, now: number, reason: string, before: readonly RolloutEffect[] = []): Decision {
  const revision = s.planRevision + 1;
  const windowMs = s.spec.rollbackWindow === undefined ? ROLLOUT_DEFAULTS.rollbackWindowMs : parseDuration(s.spec.rollbackWindow);
  const keep = s.stable !== null && windowMs > 0;
  const snapshot: RolloutSnapshot = { ...s, phase: 'Succeeded', weight: 100, mirror: 0, planRevision: revision, message: reason, updatedAt: now, finishedAt: now, standbyUntil: keep ? now + windowMs : null, pauseReason: null, pauseKind: null, awaiting: null };
  const effects: RolloutEffect[] = [
    ...before,
    { type: 'applyPlan', plan: promotedPlan(s, revision, keep) },
    { type: 'promoteInRegistry', version: s.target, previous: s.stable, onSuccess: s.spec.onSuccess ?? { setAlias: 'champion' } },
    { type: 'audit', action: 'rollout.promote', details: { reason, to: versionUri(s.target.model, s.target.version) } },
    { type: 'notify', kind: 'promotion', message: `${s.endpoint}: ${versionUri(s.target.model, s.target.version)} promoted (${reason})` },
  ];
  return { snapshot, effects, requeueAfterMs: keep ? windowMs : null };
}

function rollBack(s: RolloutSnapshot, now: number, reason: string, phase: 'RolledBack' | 'Aborted'): Decision {
  const revision = s.planRevision + 1;
  const snapshot: RolloutSnapshot = { ...s, phase, weight: 0, mirror: 0, planRevision: revision, message: reason, updatedAt: now, finishedAt: now, pauseReason: null, pauseKind: null, awaiting: null };
  const uri = versionUri(s.target.model, s.target.version);
  const effects: RolloutEffect[] = [
    ...(s.stable ? [{ type: 'applyPlan', plan: stablePlan(s.endpoint, s.stable, revision) } as const] : []),
    ...(phase === 'RolledBack' ? [{ type: 'tagVersion', version: s.target, tags: s.spec.onFailure?.tag ?? { rollout: 'failed' } } as const] : []),
    { type: 'audit', action: phase === 'RolledBack' ? 'rollout.rollback' : 'rollout.abort', details: { reason, version: uri } },
    { type: 'notify', kind: phase === 'RolledBack' ? 'rollback' : 'abort', message: `${s.endpoint}: ${uri} ${phase === 'RolledBack' ? 'rolled back' : 'aborted'} (${reason})` },
  ];
  return { snapshot, effects, requeueAfterMs: null };
}

/** The target never served (it failed to load, warm up or pass its smoke test): stable is untouched. */
function fail(s: RolloutSnapshot, now: number, reason: string): Decision {
  const d = rollBack(s, now, reason, 'RolledBack');
  const uri = versionUri(s.target.model, s.target.version);
  return {
    ...d,
    snapshot: { ...d.snapshot, phase: 'Failed' },
    effects: d.effects.map((e) => (e.type === 'audit' ? { ...e, action: 'rollout.fail' } : e.type === 'notify' ? { ...e, kind: 'failure' as const, message: `${s.endpoint}: ${uri} failed (${reason})` } : e)),
  };
}

/**
 * After the end: a rollback of a promoted version puts the previous one back (at once while it is still loaded
 * as a standby) and moves the alias back; otherwise only the standby's release remains.
 */
function afterTheEnd(s: RolloutSnapshot, event: RolloutEvent, now: number): Decision {
  if (event.type === 'rollback' && s.phase === 'Succeeded' && s.stable) return undoPromotion(s, s.stable, now, event.actor);
  if (event.type !== 'tick' || s.phase !== 'Succeeded' || s.standbyUntil === null) return wait(s);
  if (now < s.standbyUntil) return { snapshot: s, effects: [], requeueAfterMs: s.standbyUntil - now };
  const revision = s.planRevision + 1;
  return {
    snapshot: { ...s, standbyUntil: null, planRevision: revision, updatedAt: now },
    effects: [{ type: 'applyPlan', plan: promotedPlan(s, revision, false) }],
    requeueAfterMs: null,
  };
}

function undoPromotion(s: RolloutSnapshot, previous: NonNullable<RolloutSnapshot['stable']>, now: number, actor: string): Decision {
  const revision = s.planRevision + 1;
  const [from, to] = [versionUri(s.target.model, s.target.version), versionUri(previous.model, previous.version)];
  const reason = `rolled back by ${actor} from ${from} to ${to}${s.standbyUntil !== null && now < s.standbyUntil ? ' (instant: it was still loaded)' : ''}`;
  return {
    snapshot: { ...s, phase: 'RolledBack', weight: 0, standbyUntil: null, planRevision: revision, message: reason, updatedAt: now },
    effects: [
      { type: 'applyPlan', plan: stablePlan(s.endpoint, previous, revision) },
      { type: 'promoteInRegistry', version: previous, previous: s.target, onSuccess: { setAlias: s.spec.onSuccess?.setAlias ?? 'champion' } },
      { type: 'audit', action: 'rollout.rollback', details: { reason, from, to } },
      { type: 'notify', kind: 'rollback', message: `${s.endpoint}: ${reason}` },
    ],
    requeueAfterMs: null,
  };
}

function wait(s: RolloutSnapshot): Decision {
  return { snapshot: s, effects: [], requeueAfterMs: null };
}

/** One line about where a rollout stands. */
export function describe(s: RolloutSnapshot): string {
  const step = s.steps[s.stepIndex];
  const at = step ? `step ${s.stepIndex + 1}/${s.steps.length} (${step.type})` : 'all steps done';
  return `${s.phase}, ${at}, canary ${s.weight}%${s.mirror ? `, mirror ${s.mirror}%` : ''}`;
}
