import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutSnapshot } from '../../src/contract/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { describeFailures, startLoad } from '../helpers/load.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { api, endpointOf, failingMetrics, MODELS, register, rolloutOf, versionOf, waitForRollout, weights, writeSpec } from './_support.js';

// Issue 4 items 2, 3 and 5 (shadow): mirrored requests go to the shadow after the primary answered; the shadow's
// answer never reaches a client and its failures never become a client's failure; the diff (label agreement,
// score differences, shadow errors) is the analysis, reported as shadowAgreement; promotion happens only when the
// spec says so (autoPromote) or a person asks.

/** Mirror everything, judge the diff for 3 s (at least 100 compared rows). */
const SHADOW_STEPS = [{ setMirror: 100 }, { analysis: { duration: '3s', minSamples: 100 } }];

describe('shadow rollouts (real server process under load)', () => {
  let home: string;
  let server: ServerProcess;
  const mp = (...args: string[]): Promise<CliResult> => runCli(['--server', server.url, ...args], { home, timeoutMs: 60_000 });

  beforeAll(async () => {
    home = tempDir('mp-shadow-');
    const bc = async (): Promise<void> => {
      await register(home, MODELS.logreg); // bc/1
      await register(home, MODELS.logreg); // bc/2: the same model (A/A)
      await register(home, MODELS.errors, { reference: false }); // bc/3: fails on ~30% of rows
    };
    const sh = async (): Promise<void> => {
      await register(home, MODELS.logreg, { model: 'sh' }); // sh/1
      await register(home, MODELS.logreg, { model: 'sh' }); // sh/2
    };
    await Promise.all([bc(), sh()]);
    writeSpec(home, 'shadow.yaml', { steps: SHADOW_STEPS });
    server = await startServer({ home, args: ['models:/bc/1'] });
  });
  afterAll(async () => {
    await server?.stop();
    await killAll();
  });

  it('A/A shadow with --auto-promote: clients get stable only until promotion, the diff is reported, then it promotes', async () => {
    const load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    const watched = await mp('deploy', 'models:/bc/2', '--strategy', 'shadow', '--auto-promote', '--spec', `${home}/shadow.yaml`, '--watch');
    const t = await load.stop();
    expect(watched.code, watched.stdout + watched.stderr).toBe(0);
    expect(t.failures, describeFailures(t)).toEqual([]);

    const s = await rolloutOf(server);
    expect(s).toMatchObject({ phase: 'Succeeded', strategy: 'shadow', target: { version: 2 } });
    const diff = s.reports[0]!.metrics.find((m) => m.metric === 'shadowAgreement')!;
    expect(s.reports[0]!.metrics.map((m) => m.metric)).toEqual(['shadowAgreement']);
    expect(diff).toMatchObject({ verdict: 'Pass', canary: { value: 1 } });
    expect(diff.canary.n).toBeGreaterThanOrEqual(100);
    expect(diff.message).toContain('agreement 100.00%');
    expect(diff.message).toContain('mean |Δscore| 0.0000');
    expect(diff.message).toContain('shadow errors 0/');

    // Every answer that finished before the promotion came from v1: the shadow's answers went nowhere.
    const before = t.answers.filter((a) => a.at < s.finishedAt!);
    expect(before.length).toBeGreaterThan(diff.canary.n / 2);
    expect(new Set(before.map((a) => a.version))).toEqual(new Set(['1']));
    expect(weights(await endpointOf(server))).toEqual(['2 stable 100', '1 standby 0']);
    expect((await versionOf(home, 'bc/2')).aliases).toEqual(['champion']);

    // `rollout status` shows the diff to a person.
    const text = await mp('rollout', 'status', 'bc');
    expect(text.stdout).toContain('shadowAgreement');
    expect(text.stdout).toMatch(/agreement 100\.00% over \d+ rows/);
  }, 90_000);

  it('a shadow that errors never causes a client failure; it is judged on its errors and rolled back', async () => {
    const load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    const watched = await mp('deploy', 'models:/bc/3', '--strategy', 'shadow', '--auto-promote', '--spec', `${home}/shadow.yaml`, '--watch');
    await load.waitFor(load.done + 300); // and a little after
    const t = await load.stop();
    expect(watched.code, watched.stdout + watched.stderr).toBe(1);
    expect(t.failures, describeFailures(t)).toEqual([]);
    expect(t.byVersion).toEqual({ 2: t.total });

    const s = await rolloutOf(server);
    expect(s).toMatchObject({ phase: 'RolledBack', target: { version: 3 } });
    expect(failingMetrics(s)).toEqual(['shadowAgreement']);
    const diff = s.lastReport!.metrics[0]!;
    expect(diff.message).toMatch(/shadow errors [1-9]\d*\//);
    expect(weights(await endpointOf(server))).toEqual(['2 stable 100']);
    expect((await versionOf(home, 'bc/3')).tags).toMatchObject({ rollout: 'failed' });
  }, 90_000);

  // RolloutSpec.autoPromote: "Shadow and A/B: promote automatically when the analyses pass (default: wait for
  // `rollout promote`)". A spec with its own steps and no autoPromote must therefore wait for a person.
  it('without autoPromote, a shadow whose analysis passed waits for `rollout promote`', async () => {
    await api(server, 'POST', '/api/v1/endpoints/sh/deploy', { model: 'models:/sh/1' });
    const load = startLoad({ url: `${server.url}/v2/models/sh/infer`, clients: 8 });
    const started = await mp('deploy', 'models:/sh/2', '--strategy', 'shadow', '--spec', `${home}/shadow.yaml`, '--json');
    expect(started.code, started.stderr).toBe(0);
    const s = await waitForRollout(server, (r: RolloutSnapshot) => r.phase !== 'Progressing', 30_000, 'sh');
    const t = await load.stop();
    expect(t.failures, describeFailures(t)).toEqual([]);
    expect(s.reports.map((r) => r.outcome)).toEqual(['Pass']);
    expect({ phase: s.phase, served: weights(await endpointOf(server, 'sh')) }).toEqual({ phase: 'Paused', served: ['1 stable 100', '2 shadow 0'] });
  }, 60_000);
});
