import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutSnapshot } from '../../src/contract/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { describeFailures, startLoad, type Load, type Tally } from '../helpers/load.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { corruptBlob, distinctCopy, endpointOf, MODELS, register, rolloutOf, SHORT_CANARY_STEPS, versionOf, weights, writeSpec } from './_support.js';

// Issue 4, "Tests that must exist": under continuous load (≥ 20,000 requests over the run), a canary to promotion
// (A/A: the same logistic regression as v1 and v2), a blue-green switch (v2 → v3, the tree ensemble), a rollback
// after that promotion, and rollouts of versions that never come up — one whose artifact is corrupt on disk (it fails
// to load), one whose warm-up raises (errors.onnx on the reference sample rows) — each end with 0 failed requests.
// One server process, one load, one phase label per step.

const MIN_REQUESTS = 20_000;
/** Requests each "settled" phase must see, so every state is observed under load, not just passed through. */
const PER_PHASE = 1_500;

describe('zero downtime under continuous load (real server process, 8 keep-alive clients)', () => {
  let home: string;
  let server: ServerProcess;
  let load: Load;
  let total: Tally;
  const cli: Record<string, CliResult> = {};
  const snapshots: Record<string, RolloutSnapshot> = {};
  const plans: Record<string, string[]> = {};

  /** Labels what follows, runs `step`, and waits for PER_PHASE more requests in the state it left. */
  const phase = async (during: string, after: string, step: () => Promise<void>): Promise<void> => {
    load.phase(during);
    await step();
    load.phase(after);
    await load.waitFor(load.done + PER_PHASE);
  };
  const mp = (args: string[]): Promise<CliResult> => runCli(['--server', server.url, ...args], { home, timeoutMs: 60_000 });

  beforeAll(async () => {
    home = tempDir('mp-zero-');
    await register(home, MODELS.logreg); // v1
    await register(home, MODELS.logreg); // v2: the same file (A/A)
    await register(home, MODELS.trees); // v3
    const v4 = await register(home, distinctCopy(home, MODELS.logreg, 'corrupt-me')); // v4, corrupted below
    corruptBlob(home, v4.digest);
    await register(home, MODELS.errors); // v5: loads, but its warm-up on the reference sample rows raises
    // v1 → v2 is A/A and must be promoted: at the default 98% confidence up to 2% of such canaries roll back by chance.
    const canary = writeSpec(home, 'canary.yaml', { strategy: 'canary', steps: SHORT_CANARY_STEPS, analysis: { confidence: 0.9999 } });

    server = await startServer({ home, args: ['models:/bc/1'] });
    load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    load.phase('v1');
    await load.waitFor(PER_PHASE);

    await phase('canary v1→v2', 'v2', async () => {
      cli['canary'] = await mp(['deploy', 'models:/bc/2', '--spec', canary, '--watch']);
      snapshots['canary'] = await rolloutOf(server);
      plans['canary'] = weights(await endpointOf(server));
    });
    await phase('blue-green v2→v3', 'v3', async () => {
      cli['blue-green'] = await mp(['deploy', 'models:/bc/3', '--strategy', 'blue-green', '--watch']);
      snapshots['blue-green'] = await rolloutOf(server);
      plans['blue-green'] = weights(await endpointOf(server));
    });
    await phase('rollback v3→v2', 'v2 again', async () => {
      cli['rollback'] = await mp(['rollback', 'bc', '--json']);
      snapshots['rollback'] = await rolloutOf(server);
      plans['rollback'] = weights(await endpointOf(server));
    });
    await phase('corrupt v4', 'v2 still', async () => {
      cli['corrupt'] = await mp(['deploy', 'models:/bc/4', '--spec', canary, '--watch']);
      snapshots['corrupt'] = await rolloutOf(server);
      plans['corrupt'] = weights(await endpointOf(server));
    });
    await phase('warm-up v5', 'v2 in the end', async () => {
      cli['warm-up'] = await mp(['deploy', 'models:/bc/5', '--spec', canary, '--watch']);
      snapshots['warm-up'] = await rolloutOf(server);
      plans['warm-up'] = weights(await endpointOf(server));
    });
    await load.waitFor(MIN_REQUESTS, 120_000);
    total = await load.stop();
    const rows = Object.entries(phaseTallies()).map(([name, t]) => `${name.padEnd(18)} ${String(t.total).padStart(6)} requests, ${t.failures.length} failed, by version ${JSON.stringify(t.byVersion)}`);
    console.log(`zero downtime: ${total.total} requests, ${total.failures.length} failed\n${rows.join('\n')}`);
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await server?.stop();
    await killAll();
  });

  const PHASES = ['v1', 'canary v1→v2', 'v2', 'blue-green v2→v3', 'v3', 'rollback v3→v2', 'v2 again', 'corrupt v4', 'v2 still', 'warm-up v5', 'v2 in the end'];
  const phaseTallies = (): Record<string, Tally> => Object.fromEntries(PHASES.map((p) => [p, load.tally(p)]));

  it(`sends at least ${MIN_REQUESTS} requests and not one fails, in any phase`, () => {
    expect(total.total).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(total.failures, describeFailures(total)).toEqual([]);
    for (const [name, t] of Object.entries(phaseTallies())) {
      expect(t.total, `phase ${name}`).toBeGreaterThan(0);
      expect(t.failures, `phase ${name}: ${describeFailures(t)}`).toEqual([]);
    }
  });

  it('the A/A canary is promoted (deploy --watch exits 0) and v2 alone answers afterwards', () => {
    expect(cli['canary']!.code, cli['canary']!.stdout + cli['canary']!.stderr).toBe(0);
    expect(snapshots['canary']).toMatchObject({ phase: 'Succeeded', weight: 100, target: { version: 2 } });
    expect(plans['canary']).toEqual(['2 stable 100', '1 standby 0']);
    expect(Object.keys(load.tally('canary v1→v2').byVersion).sort()).toEqual(['1', '2']);
    expect(Object.keys(load.tally('v2').byVersion)).toEqual(['2']);
  });

  it('the blue-green switch passes its smoke test, switches at once, and keeps v2 warm as a standby', () => {
    expect(cli['blue-green']!.code, cli['blue-green']!.stdout + cli['blue-green']!.stderr).toBe(0);
    expect(snapshots['blue-green']).toMatchObject({ phase: 'Succeeded', strategy: 'blue-green', target: { version: 3 } });
    expect(snapshots['blue-green']!.reports).toEqual([]);
    expect(plans['blue-green']).toEqual(['3 stable 100', '2 standby 0']);
    // Blue-green never splits traffic: during the switch each answer is v2 or v3, after it v3 only.
    expect(Object.keys(load.tally('blue-green v2→v3').byVersion).every((v) => v === '2' || v === '3')).toBe(true);
    expect(Object.keys(load.tally('v3').byVersion)).toEqual(['3']);
  });

  it('rollback puts v2 back (instantly: it was still loaded), moves @champion back, and only v2 answers afterwards', async () => {
    expect(cli['rollback']!.code, cli['rollback']!.stderr).toBe(0);
    expect(snapshots['rollback']).toMatchObject({ phase: 'RolledBack', target: { version: 3 }, stable: { version: 2 } });
    expect(snapshots['rollback']!.message).toContain('instant');
    expect(plans['rollback']).toEqual(['2 stable 100']);
    expect(Object.keys(load.tally('v2 again').byVersion)).toEqual(['2']);
    expect((await versionOf(home, 'bc/2')).aliases).toEqual(['champion']);
  });

  it('a version that cannot load fails its rollout (deploy --watch exits 1) and never answers anyone', () => {
    expect(cli['corrupt']!.code, cli['corrupt']!.stdout + cli['corrupt']!.stderr).toBe(1);
    expect(snapshots['corrupt']).toMatchObject({ phase: 'Failed', target: { version: 4 }, weight: 0 });
    expect(snapshots['corrupt']!.message).toContain('models:/bc/4 could not be loaded for serving');
    expect(snapshots['corrupt']!.message).toContain('does not match its digest');
    expect(plans['corrupt']).toEqual(['2 stable 100']);
    expect(Object.keys(load.tally('corrupt v4', 'v2 still').byVersion)).toEqual(['2']);
  });

  it('a version whose warm-up raises fails its rollout the same way, and never answers anyone', () => {
    expect(cli['warm-up']!.code, cli['warm-up']!.stdout + cli['warm-up']!.stderr).toBe(1);
    expect(snapshots['warm-up']).toMatchObject({ phase: 'Failed', target: { version: 5 }, weight: 0 });
    expect(snapshots['warm-up']!.message).toContain('models:/bc/5 could not be loaded for serving');
    expect(snapshots['warm-up']!.message).toContain('indices element out of data bounds');
    expect(plans['warm-up']).toEqual(['2 stable 100']);
    expect(Object.keys(load.tally('warm-up v5', 'v2 in the end').byVersion)).toEqual(['2']);
  });
});
