import { describe, expect, it } from 'vitest';
import type { AnalysisReport, RolloutSnapshot, RolloutSpec, Strategy } from '../contract/index.js';
import { decide } from './decide.js';
import { newSnapshot } from './new-snapshot.js';
import type { Decision, RolloutEffect } from './rollout-types.js';

const T0 = Date.UTC(2026, 0, 1);
const v1 = { model: 'm', version: 1, digest: 'sha256:1' };
const v2 = { model: 'm', version: 2, digest: 'sha256:2' };

function start(strategy: Strategy, spec: Partial<RolloutSpec> = {}): RolloutSnapshot {
  return newSnapshot({ id: 'r1', endpoint: 'e', spec: { model: 'm/2', ...spec }, strategy, stable: v1, target: v2, planRevision: 5, actor: 'ana', now: T0 });
}

const report = (outcome: AnalysisReport['outcome']): AnalysisReport => ({ at: '', outcome, score: outcome === 'Pass' ? 100 : 0, samples: { stable: 900, canary: 100 }, metrics: [], reason: outcome });
const types = (d: Decision): string[] => d.effects.map((e) => e.type);
const plan = (d: Decision) => (d.effects.find((e) => e.type === 'applyPlan') as Extract<RolloutEffect, { type: 'applyPlan' }> | undefined)?.plan;
const roles = (d: Decision) => plan(d)?.versions.map((v) => `${v.version}:${v.role}:${v.weight}`);

describe('decide: canary', () => {
  it('sets 10% and waits for the analysis window', () => {
    const d = decide(start('canary'), { type: 'tick' }, T0);
    expect(roles(d)).toEqual(['1:stable:90', '2:canary:10']);
    expect(plan(d)?.revision).toBe(6);
    expect(d.snapshot).toMatchObject({ phase: 'Progressing', stepIndex: 1, weight: 10, observedSince: T0 });
    expect(d.requeueAfterMs).toBeGreaterThan(0);
  });

  it('waits until the window ends even with a report, then moves to 50% on Pass', () => {
    const s = decide(start('canary'), { type: 'tick' }, T0).snapshot;
    expect(decide(s, { type: 'tick', report: report('Pass') }, T0 + 30_000).snapshot.stepIndex).toBe(1);
    const d = decide(s, { type: 'tick', report: report('Pass') }, T0 + 60_000);
    expect(roles(d)).toEqual(['1:stable:50', '2:canary:50']);
    expect(d.snapshot).toMatchObject({ stepIndex: 3, weight: 50, reports: [expect.objectContaining({ outcome: 'Pass' })] });
  });

  it('starts each analysis window when the traffic split changes, not when the target first got traffic', () => {
    const analysis = { analysis: { duration: '1m' } };
    const steps = [{ setWeight: 10 }, analysis, { setWeight: 10 }, analysis, { setMirror: 50 }, analysis, { setWeight: 0 }, { setMirror: 0 }, { pause: {} }];
    const first = decide(start('canary', { steps }), { type: 'tick' }, T0).snapshot;
    expect(first.observedSince).toBe(T0);
    const same = decide(first, { type: 'tick', report: report('Pass') }, T0 + 60_000).snapshot;
    expect(same).toMatchObject({ stepIndex: 3, weight: 10, observedSince: T0 });
    const mirrored = decide(same, { type: 'tick', report: report('Pass') }, T0 + 120_000).snapshot;
    expect(mirrored).toMatchObject({ stepIndex: 5, weight: 10, mirror: 50, observedSince: T0 + 120_000 });
    const off = decide(mirrored, { type: 'tick', report: report('Pass') }, T0 + 180_000).snapshot;
    expect(off).toMatchObject({ phase: 'Paused', weight: 0, mirror: 0, observedSince: null });
  });

  it('promotes after the last analysis passes: target stable, previous kept as standby, registry moved', () => {
    let s = decide(start('canary'), { type: 'tick' }, T0).snapshot;
    s = decide(s, { type: 'tick', report: report('Pass') }, T0 + 60_000).snapshot;
    const d = decide(s, { type: 'tick', report: report('Pass') }, T0 + 120_000);
    expect(d.snapshot).toMatchObject({ phase: 'Succeeded', weight: 100, standbyUntil: T0 + 120_000 + 600_000 });
    expect(roles(d)).toEqual(['2:stable:100', '1:standby:0']);
    expect(types(d)).toEqual(expect.arrayContaining(['applyPlan', 'promoteInRegistry', 'audit', 'notify']));
    expect(d.effects.find((e) => e.type === 'promoteInRegistry')).toMatchObject({ onSuccess: { setAlias: 'champion' }, previous: v1 });
    expect(d.requeueAfterMs).toBe(600_000);
  });

  it('rolls back on Fail: stable alone, the version tagged', () => {
    const s = decide(start('canary', { onFailure: { tag: { rollout: 'bad' } } }), { type: 'tick' }, T0).snapshot;
    const d = decide(s, { type: 'tick', report: report('Fail') }, T0 + 60_000);
    expect(d.snapshot).toMatchObject({ phase: 'RolledBack', weight: 0 });
    expect(roles(d)).toEqual(['1:stable:100']);
    expect(d.effects).toContainEqual({ type: 'tagVersion', version: v2, tags: { rollout: 'bad' } });
    expect(d.requeueAfterMs).toBeNull();
  });

  it('extends an Inconclusive analysis, then pauses for a person — never rolls back on it', () => {
    const s = decide(start('canary'), { type: 'tick' }, T0).snapshot;
    const extended = decide(s, { type: 'tick', report: report('Inconclusive') }, T0 + 60_000);
    expect(extended.snapshot).toMatchObject({ phase: 'Progressing', stepIndex: 1 });
    expect(types(extended)).not.toContain('applyPlan');
    const paused = decide(s, { type: 'tick', report: report('Inconclusive') }, T0 + 180_000);
    expect(paused.snapshot).toMatchObject({ phase: 'Paused', weight: 10 });
    expect(paused.snapshot.pauseReason).toContain('inconclusive');
    const resumed = decide(paused.snapshot, { type: 'resume', actor: 'bob' }, T0 + 200_000);
    expect(resumed.snapshot).toMatchObject({ phase: 'Progressing', stepIndex: 3, weight: 50 });
  });

  it('pauses, resumes, promotes and aborts on request', () => {
    const s = decide(start('canary'), { type: 'tick' }, T0).snapshot;
    const p = decide(s, { type: 'pause', actor: 'ana' }, T0 + 1);
    expect(p.snapshot.phase).toBe('Paused');
    expect(decide(p.snapshot, { type: 'tick', report: report('Fail') }, T0 + 90_000).snapshot.phase).toBe('Paused');
    expect(decide(p.snapshot, { type: 'resume', actor: 'ana' }, T0 + 2).snapshot).toMatchObject({ phase: 'Progressing', stepIndex: 1 });
    expect(roles(decide(s, { type: 'promote', actor: 'ana' }, T0 + 3))).toEqual(['2:stable:100', '1:standby:0']);
    const a = decide(s, { type: 'abort', actor: 'ana' }, T0 + 4);
    expect(a.snapshot.phase).toBe('Aborted');
    expect(types(a)).not.toContain('tagVersion');
  });

  it('fails without touching traffic when the version cannot load', () => {
    const d = decide(start('canary'), { type: 'applyFailed', message: 'warm-up produced NaN' }, T0);
    expect(d.snapshot.phase).toBe('Failed');
    expect(roles(d)).toEqual(['1:stable:100']);
    expect(d.effects.find((e) => e.type === 'audit')).toMatchObject({ action: 'rollout.fail' });
  });

  it('releases the standby once the rollback window has passed', () => {
    const done = decide(start('canary', { rollbackWindow: '1m' }), { type: 'promote', actor: 'ana' }, T0).snapshot;
    expect(decide(done, { type: 'tick' }, T0 + 30_000).effects).toEqual([]);
    const d = decide(done, { type: 'tick' }, T0 + 60_000);
    expect(roles(d)).toEqual(['2:stable:100']);
    expect(d.snapshot.standbyUntil).toBeNull();
  });

  it('starts by loading the target as a standby, then runs the first step', () => {
    const d = decide(start('canary'), { type: 'start' }, T0);
    const plans = d.effects.filter((e) => e.type === 'applyPlan').map((e) => (e as Extract<RolloutEffect, { type: 'applyPlan' }>).plan);
    expect(plans.map((p) => p.versions.map((v) => `${v.version}:${v.role}:${v.weight}`))).toEqual([['1:stable:100', '2:standby:0'], ['1:stable:90', '2:canary:10']]);
    expect(plans.map((p) => p.revision)).toEqual([6, 7]);
  });

  it('a rollback after promotion puts the previous version back and moves the alias back', () => {
    const done = decide(start('canary', { onSuccess: { setAlias: 'prod' } }), { type: 'promote', actor: 'ana' }, T0).snapshot;
    const d = decide(done, { type: 'rollback', actor: 'bob' }, T0 + 1000);
    expect(d.snapshot).toMatchObject({ phase: 'RolledBack', standbyUntil: null });
    expect(roles(d)).toEqual(['1:stable:100']);
    expect(d.effects).toContainEqual(expect.objectContaining({ type: 'promoteInRegistry', version: v1, onSuccess: { setAlias: 'prod' } }));
    expect(d.snapshot.message).toContain('instant');
  });

  it('ignores events after the end', () => {
    const done = decide(start('canary'), { type: 'abort', actor: 'a' }, T0).snapshot;
    for (const e of [{ type: 'promote', actor: 'a' }, { type: 'resume', actor: 'a' }, { type: 'tick' }] as const) expect(decide(done, e, T0 + 5).effects).toEqual([]);
  });
});

describe('decide: other strategies', () => {
  it('blue-green: smoke test through pinning, then an atomic switch', () => {
    const first = decide(start('blue-green'), { type: 'tick' }, T0);
    expect(first.effects).toEqual([{ type: 'smokeTest', endpoint: 'e', version: v2 }]);
    expect(first.snapshot.awaiting).toBe('smoke');
    // A tick while waiting (after a restart lost the test in flight) runs the smoke test again.
    expect(decide(first.snapshot, { type: 'tick' }, T0 + 10).effects).toEqual([{ type: 'smokeTest', endpoint: 'e', version: v2 }]);
    const switched = decide(first.snapshot, { type: 'smoke', ok: true, message: '8 rows' }, T0 + 20);
    expect(switched.snapshot.phase).toBe('Succeeded');
    expect(roles(switched)).toEqual(['2:stable:100', '1:standby:0']);
    const failed = decide(first.snapshot, { type: 'smoke', ok: false, message: 'HTTP 500' }, T0 + 20);
    expect(failed.snapshot.phase).toBe('Failed');
    expect(roles(failed)).toEqual(['1:stable:100']);
  });

  it('shadow: mirrors everything to the target, analyses, then waits for promote', () => {
    const d = decide(start('shadow'), { type: 'tick' }, T0);
    expect(plan(d)).toMatchObject({ mirrorPercent: 100 });
    expect(roles(d)).toEqual(['1:stable:100', '2:shadow:0']);
    const after = decide(d.snapshot, { type: 'tick', report: report('Pass') }, T0 + 60_000);
    expect(after.snapshot.phase).toBe('Paused');
  });

  it('shadow with autoPromote promotes on a passing analysis', () => {
    const d = decide(start('shadow', { autoPromote: true }), { type: 'tick' }, T0);
    expect(decide(d.snapshot, { type: 'tick', report: report('Pass') }, T0 + 60_000).snapshot.phase).toBe('Succeeded');
  });

  it('shadow with its own steps still waits for promote, unless autoPromote', () => {
    const steps = [{ setMirror: 100 }, { analysis: { duration: '1s' } }];
    const waiting = decide(start('shadow', { steps }), { type: 'tick' }, T0);
    expect(decide(waiting.snapshot, { type: 'tick', report: report('Pass') }, T0 + 1000).snapshot.phase).toBe('Paused');
    const auto = decide(start('shadow', { steps, autoPromote: true }), { type: 'tick' }, T0);
    expect(decide(auto.snapshot, { type: 'tick', report: report('Pass') }, T0 + 1000).snapshot.phase).toBe('Succeeded');
  });

  it('canary with mirroring: stable keeps 90%, the canary takes 10% and a mirror of what stable answers', () => {
    const d = decide(start('canary', { steps: [{ setWeight: 10 }, { setMirror: 100 }, { pause: {} }] }), { type: 'tick' }, T0);
    expect(roles(d)).toEqual(['1:stable:90', '2:canary:10']);
    expect(plan(d)?.mirrorPercent).toBe(100);
  });

  it('ab: two sticky arms at 50/50', () => {
    const d = decide(start('ab', { stickyKey: 'header:x-user-id' }), { type: 'tick' }, T0);
    expect(roles(d)).toEqual(['1:arm:50', '2:arm:50']);
    expect(plan(d)?.stickyKey).toBe('header:x-user-id');
  });

  it('custom steps: a timed pause counts down, setMirror feeds the shadow', () => {
    const s = start('canary', { steps: [{ setMirror: 30 }, { pause: { duration: '10s' } }, { setWeight: 20 }] });
    const d = decide(s, { type: 'tick' }, T0);
    expect(roles(d)).toEqual(['1:stable:100', '2:shadow:0']);
    expect(d.requeueAfterMs).toBe(10_000);
    const later = decide(d.snapshot, { type: 'tick' }, T0 + 10_000);
    expect(later.snapshot.phase).toBe('Succeeded');
  });
});
