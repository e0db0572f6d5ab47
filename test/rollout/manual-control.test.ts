import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointView, RolloutSnapshot } from '../../src/contract/index.js';
import { expectFailure, tempDir } from '../helpers/cli.js';
import { describeFailures, startLoad, type Tally } from '../helpers/load.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { cliFor, endpointOf, MODELS, register, weights, writeSpec } from './_support.js';

// Issue 4 item 5 and 8: a person steers a rollout from the CLI — pause, resume, promote, abort, `rollout status
// --json` — and after an abort or a rollback the endpoint serves stable alone (one version at 100%, state
// "serving"), so the next deploy needs no cleanup. Each state is checked on the data plane too: a short burst of
// requests must be answered only by the versions the plan names.

describe('manual control through the CLI (real server process)', () => {
  let home: string;
  let server: ServerProcess;
  const { mp, mpJson } = cliFor(() => server, () => home);
  const status = (): Promise<RolloutSnapshot> => mpJson<RolloutSnapshot>('rollout', 'status', 'bc');
  /** The plan as the control plane reports it (the CLI's `traffic --json` is checked once, below). */
  const traffic = async (): Promise<string[]> => weights(await endpointOf(server));
  /** 400 requests from 8 clients: who answered, and whether any failed. */
  const burst = async (): Promise<Tally> => {
    const load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    await load.waitFor(400);
    const t = await load.stop();
    expect(t.failures, describeFailures(t)).toEqual([]);
    return t;
  };
  const versionsIn = (t: Tally): string[] => Object.keys(t.byVersion).sort();

  beforeAll(async () => {
    home = tempDir('mp-manual-');
    await register(home, MODELS.logreg); // v1
    await register(home, MODELS.logreg); // v2
    await register(home, MODELS.logreg); // v3: the same model again, so the judge passes it (A/A)
    writeSpec(home, 'held.yaml', { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { analysis: { duration: '60s' } }] });
    writeSpec(home, 'quick.yaml', { strategy: 'canary', steps: [{ setWeight: 50 }, { analysis: { duration: '2s', minSamples: 100 } }] });
    server = await startServer({ home, args: ['models:/bc/1'] });
  });
  afterAll(async () => {
    await server?.stop();
    await killAll();
  });

  it('pause step, resume, manual pause, resume, promote — status --json and the data plane agree at each point', async () => {
    const started = await mpJson<RolloutSnapshot>('deploy', 'models:/bc/2', '--spec', `${home}/held.yaml`);
    expect(started).toMatchObject({ phase: 'Paused', pauseKind: 'step', stepIndex: 1, weight: 20 });
    expect(await status()).toMatchObject({ id: started.id, phase: 'Paused', stepIndex: 1, weight: 20 });
    expect(await traffic()).toEqual(['1 stable 80', '2 canary 20']);
    expect(versionsIn(await burst())).toEqual(['1', '2']);

    // resume completes the pause step: 50%, then the analysis step runs
    const resumed = await mpJson<RolloutSnapshot>('rollout', 'resume', 'bc');
    expect(resumed).toMatchObject({ phase: 'Progressing', stepIndex: 3, weight: 50 });
    expect(await traffic()).toEqual(['1 stable 50', '2 canary 50']);

    // a person's pause holds the analysis step where it is; resume continues the same step
    const held = await mpJson<RolloutSnapshot>('rollout', 'pause', 'bc');
    expect(held).toMatchObject({ phase: 'Paused', pauseKind: 'manual', stepIndex: 3, weight: 50 });
    expect(held.message).toContain('paused by');
    expect(await traffic()).toEqual(['1 stable 50', '2 canary 50']);
    expect(await mpJson<RolloutSnapshot>('rollout', 'resume', 'bc')).toMatchObject({ phase: 'Progressing', stepIndex: 3, weight: 50 });

    // promote skips what is left
    const promoted = await mpJson<RolloutSnapshot>('rollout', 'promote', 'bc');
    expect(promoted).toMatchObject({ phase: 'Succeeded', weight: 100 });
    expect(promoted.message).toContain('promoted by');
    expect(await traffic()).toEqual(['2 stable 100', '1 standby 0']);
    expect(versionsIn(await burst())).toEqual(['2']);
  });

  it('actions on a finished rollout are refused with MP_ROLLOUT_NOT_ACTIVE', async () => {
    const results = await Promise.all(['pause', 'resume', 'promote', 'abort'].map((action) => mp('rollout', action, 'bc')));
    for (const r of results) expectFailure(r, 'MP_ROLLOUT_NOT_ACTIVE');
  });

  it('abort: all traffic back to stable at once, the endpoint serves v2 alone, and a new deploy needs no cleanup', async () => {
    await mpJson<RolloutSnapshot>('deploy', 'models:/bc/3', '--spec', `${home}/held.yaml`);
    expect(await traffic()).toEqual(['2 stable 80', '3 canary 20']);
    const aborted = await mp('rollout', 'abort', 'bc', '--json');
    expect(aborted.code, aborted.stderr).toBe(0);
    expect(aborted.json<RolloutSnapshot>()).toMatchObject({ phase: 'Aborted', weight: 0 });
    expect(await status()).toMatchObject({ phase: 'Aborted', target: { version: 3 } });
    const view = await mpJson<EndpointView>('traffic', 'bc');
    expect(weights(view)).toEqual(['2 stable 100']);
    expect(view.state).toBe('serving');
    expect(view.served.map((s) => s.version)).toEqual([2]);
    expect(versionsIn(await burst())).toEqual(['2']);

    // the aborted version is deployed again straight away, and this time goes all the way (the judge needs traffic)
    const load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    const watched = await mp('deploy', 'models:/bc/3', '--spec', `${home}/quick.yaml`, '--watch');
    const t = await load.stop();
    expect(watched.code, watched.stdout + watched.stderr).toBe(0);
    expect(t.failures, describeFailures(t)).toEqual([]);
    expect(await status()).toMatchObject({ phase: 'Succeeded', target: { version: 3 }, stable: { version: 2 } });
  }, 90_000);

  it('rollback after promotion: v2 alone again (state serving, not degraded), and the next deploy needs no cleanup', async () => {
    const rolled = await mpJson<{ kind: string; rollout: RolloutSnapshot }>('rollback', 'bc');
    expect(rolled).toMatchObject({ kind: 'rollout', rollout: { phase: 'RolledBack' } });
    const list = await mpJson<EndpointView[]>('endpoints', 'list');
    expect(list.map((e) => ({ name: e.name, state: e.state, versions: weights(e) }))).toEqual([{ name: 'bc', state: 'serving', versions: ['2 stable 100'] }]);
    expect(versionsIn(await burst())).toEqual(['2']);

    const again = await mpJson<RolloutSnapshot>('deploy', 'models:/bc/3', '--strategy', 'blue-green');
    expect(again.phase === 'Progressing' || again.phase === 'Succeeded').toBe(true);
    const watched = await mp('rollout', 'watch', 'bc');
    expect(watched.code, watched.stdout + watched.stderr).toBe(0);
    expect(await traffic()).toEqual(['3 stable 100', '2 standby 0']);
  }, 60_000);
});
