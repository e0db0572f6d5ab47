import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, RolloutSnapshot, ServingPlan } from '../../src/contract/index.js';
import { cliJson, runCli, tempDir } from '../helpers/cli.js';
import { describeFailures, startLoad } from '../helpers/load.js';
import { exitWithin, httpCall, killAll, sleep, startServer, type ServerProcess } from '../helpers/server-process.js';
import { api, endpointOf, MODELS, register, rolloutOf, waitForRollout, weights } from './_support.js';

// Issue 4, "Tests that must exist": kill -9 the server in the middle of a canary (during its second analysis, under
// load); on restart the rollout resumes from its persisted step, the endpoint's traffic is what the snapshot says,
// the rollout completes, and the audit chain verifies. The store is read directly after the kill to know what was
// persisted, so the check does not depend on the restarted server reporting it.

/** The newest rollout of `bc` and the endpoint's plan, as the SQLite file holds them. */
function persisted(home: string): { snapshot: RolloutSnapshot; plan: ServingPlan } {
  const db = new Database(join(home, 'modelpilot.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("select snapshot from rollouts where endpoint = 'bc' order by created_at desc, id desc limit 1").get() as { snapshot: string };
    const plan = db.prepare("select plan from endpoints where name = 'bc'").pluck().get() as string;
    return { snapshot: JSON.parse(row.snapshot) as RolloutSnapshot, plan: JSON.parse(plan) as ServingPlan };
  } finally {
    db.close();
  }
}

/** Waits for /v2/health/ready; fails at once (with the output) when the server prints an error line instead. */
async function readyOrError(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (/^error MP_/m.test(server.output())) {
      const ready = await httpCall(`${server.url}/v2/health/ready`).catch((e: Error) => ({ status: 0, body: e.message }));
      throw new Error(`the server printed an error instead of coming up (process still running: ${server.pid}; /v2/health/ready: ${ready.status} ${ready.body})\n${server.output()}`);
    }
    if ((await httpCall(`${server.url}/v2/health/ready`).catch(() => ({ status: 0 }))).status === 200) return;
    await sleep(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms\n${server.output()}`);
}

// The four scenarios below are independent (own home, own server processes) and run at the same time; each test
// stops its own servers, and whatever a failed one left running is killed at the end of the file.
afterAll(killAll);

/** An analysis that may wait long for data: a restart must not turn into an "inconclusive" pause. */
const PATIENT = { duration: '3s', maxDuration: '60s', minSamples: 100 };

describe.concurrent('kill -9 in the middle of a canary (real server processes)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-crash-');
    await register(home, MODELS.logreg);
    await register(home, MODELS.logreg);
  });

  it('resumes from the persisted step with consistent traffic, completes, and the audit chain verifies', async () => {
    const first = await startServer({ home, args: ['models:/bc/1'] });
    const load = startLoad({ url: `${first.url}/v2/models/bc/infer`, clients: 8 });
    const started = await api<RolloutSnapshot>(first, 'POST', '/api/v1/rollouts', {
      model: 'models:/bc/2',
      // The second analysis is long: its clock runs through the restart, and the split is measured inside it.
      steps: [{ setWeight: 20 }, { analysis: PATIENT }, { setWeight: 50 }, { analysis: { ...PATIENT, duration: '12s' } }],
      // Two identical versions: at the default 98% confidence up to 2% of such canaries roll back by chance.
      analysis: { confidence: 0.9999 },
    });
    await waitForRollout(first, (s) => s.stepIndex === 3);
    await sleep(1_000); // well inside the second analysis
    first.signal('SIGKILL');
    expect((await exitWithin(first, 10_000)).signal).toBe('SIGKILL');
    const beforeKill = await load.stop();
    expect(beforeKill.byVersion['2'] ?? 0).toBeGreaterThan(0);

    const stored = persisted(home);
    expect(stored.snapshot).toMatchObject({ id: started.id, phase: 'Progressing', stepIndex: 3, weight: 50 });
    expect(stored.plan.revision).toBe(stored.snapshot.planRevision);
    expect(stored.plan.versions.map((v) => `${v.version} ${v.role} ${v.weight}`)).toEqual(['1 stable 50', '2 canary 50']);

    // Restarted without a URI (see the next test for the same command line): the store alone brings it back.
    const second = await startServer({ home, port: first.port });
    expect(second.output()).toContain('resumed 1 rollout(s) from their persisted step');
    const resumed = await rolloutOf(second);
    expect(resumed).toMatchObject({ id: started.id, phase: 'Progressing', stepIndex: 3, weight: 50, planRevision: stored.snapshot.planRevision });
    const view = await endpointOf(second);
    expect(view.plan.revision).toBe(resumed.planRevision);
    expect(weights(view)).toEqual([`1 stable ${100 - resumed.weight}`, `2 canary ${resumed.weight}`]);
    expect(view.served.map((s) => s.version).sort()).toEqual([1, 2]);

    // The data plane splits as the snapshot says (50/50 within a wide margin), and the rollout then completes.
    const after = startLoad({ url: `${second.url}/v2/models/bc/infer`, clients: 8 });
    await after.waitFor(1_000);
    const split = after.tally();
    expect(await rolloutOf(second), 'the split was measured while the rollout still held 50%').toMatchObject({ phase: 'Progressing', stepIndex: 3, weight: 50 });
    const share = (split.byVersion['2'] ?? 0) / split.total;
    expect(share, JSON.stringify(split.byVersion)).toBeGreaterThan(0.35);
    expect(share, JSON.stringify(split.byVersion)).toBeLessThan(0.65);
    const done = await waitForRollout(second, (s) => s.phase !== 'Progressing', 60_000);
    const tally = await after.stop();
    expect(tally.failures, describeFailures(tally)).toEqual([]);
    expect(done).toMatchObject({ id: started.id, phase: 'Succeeded', weight: 100 });
    expect(done.reports.map((r) => r.outcome)).toEqual(['Pass', 'Pass']);
    expect(weights(await endpointOf(second))).toEqual(['2 stable 100', '1 standby 0']);
    expect((await second.stop()).code).toBe(0);

    // Each step was recorded once: the restart did not run a step again, and nothing was lost with the process.
    const events = await cliJson<AuditEvent[]>(['audit', 'list', '--limit', '1000'], { home });
    const mine = events.filter((e) => (e.details as { rollout?: string }).rollout === started.id);
    const count = (action: string): number => mine.filter((e) => e.action === action).length;
    expect({ start: count('rollout.start'), step: count('rollout.step'), promote: count('rollout.promote') }).toEqual({ start: 1, step: 4, promote: 1 });
    const steps = mine.filter((e) => e.action === 'rollout.step').map((e) => (e.details as { step: number }).step);
    expect(steps).toEqual([0, 1, 2, 3]);
    const verify = await runCli(['audit', 'verify', '--json'], { home });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true });
  }, 120_000);
});

describe.concurrent('restart with the same command line while a rollout is live', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-crash-same-');
    await register(home, MODELS.logreg);
    await register(home, MODELS.logreg);
  });

  // `serve models:/bc/1` started the server; a supervisor restarting it after a crash runs the same command. The
  // endpoint is in the store with a live canary, so the server must come back with that canary (not refuse to start,
  // and not replace the canary's plan with v1 alone).
  it('comes back up and keeps the live canary', async () => {
    const first = await startServer({ home, args: ['models:/bc/1'] });
    await api<RolloutSnapshot>(first, 'POST', '/api/v1/rollouts', { model: 'models:/bc/2', steps: [{ setWeight: 20 }, { pause: {} }] });
    await waitForRollout(first, (s) => s.phase === 'Paused');
    first.signal('SIGKILL');
    await exitWithin(first, 10_000);

    const second = await startServer({ home, args: ['models:/bc/1'], port: first.port, waitReady: false });
    await readyOrError(second);
    expect(await rolloutOf(second)).toMatchObject({ phase: 'Paused', stepIndex: 1, weight: 20 });
    expect(weights(await endpointOf(second))).toEqual(['1 stable 80', '2 canary 20']);
    expect((await second.stop()).code).toBe(0);
  }, 60_000);
});

describe.concurrent('kill -9 while a blue-green waits for its smoke test', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-crash-smoke-');
    await register(home, MODELS.logreg);
    await register(home, MODELS.slow); // ~8 ms a row: its smoke test on 8 reference rows outlives the POST's answer
  });

  // The smoke test's result comes back to the controller in memory; the snapshot persisted before it says
  // awaiting: 'smoke'. After a crash that result is gone, so the restarted controller must run the smoke test again
  // (or otherwise move on); a rollout that waits for an answer nobody will send never finishes and blocks the endpoint.
  it('the restarted server runs the lost smoke test again and the switch completes', async () => {
    const first = await startServer({ home, args: ['models:/bc/1'] });
    const started = await api<RolloutSnapshot>(first, 'POST', '/api/v1/rollouts', { model: 'models:/bc/2', strategy: 'blue-green' });
    first.signal('SIGKILL');
    await exitWithin(first, 10_000);
    expect(started).toMatchObject({ phase: 'Progressing', awaiting: 'smoke' });
    expect(persisted(home).snapshot, 'precondition: the kill came while the smoke test was running').toMatchObject({ id: started.id, phase: 'Progressing', awaiting: 'smoke' });

    const second = await startServer({ home, port: first.port });
    const done = await waitForRollout(second, (s) => s.phase !== 'Progressing', 8_000).catch((e: Error) => e);
    expect(done instanceof Error ? done.message : { id: done.id, phase: done.phase }).toEqual({ id: started.id, phase: 'Succeeded' });
    expect((await second.stop()).code).toBe(0);
  }, 60_000);
});

describe.concurrent('restart while a promoted version keeps its predecessor as a standby', () => {
  let home: string;
  beforeAll(async () => {
    home = tempDir('mp-crash-standby-');
    for (let i = 0; i < 3; i++) await register(home, MODELS.logreg, { reference: false });
  });

  /** Starts a canary held at 20% and promotes it by hand, with a 2 s rollback window. */
  const promote = async (server: ServerProcess, version: number): Promise<void> => {
    await api(server, 'POST', '/api/v1/rollouts', { model: `models:/bc/${version}`, steps: [{ setWeight: 20 }, { pause: {} }], rollbackWindow: '2s' });
    await api(server, 'POST', '/api/v1/rollouts/bc/promote');
  };

  // The controller's resumeAll says it "picks every live rollout (and pending standby releases) back up after a
  // restart": the previous version must be unloaded once the rollback window is over, restart or not.
  it('the standby is released when the rollback window ends, also after a kill -9', async () => {
    const first = await startServer({ home, args: ['models:/bc/1'] });
    await promote(first, 2);
    expect(weights(await endpointOf(first))).toEqual(['2 stable 100', '1 standby 0']);
    await sleep(3_000);
    expect(weights(await endpointOf(first)), 'without a restart').toEqual(['2 stable 100']);

    await promote(first, 3);
    expect(weights(await endpointOf(first))).toEqual(['3 stable 100', '2 standby 0']);
    first.signal('SIGKILL');
    await exitWithin(first, 10_000);
    const second = await startServer({ home, port: first.port });
    await sleep(3_000);
    const view = await endpointOf(second);
    expect({ plan: weights(view), loaded: view.served.map((s) => s.version) }, 'after a restart').toEqual({ plan: ['3 stable 100'], loaded: [3] });
    expect((await second.stop()).code).toBe(0);
  }, 60_000);
});
