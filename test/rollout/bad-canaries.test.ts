import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, RolloutSnapshot } from '../../src/contract/index.js';
import { cliJson, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startLoad, type Load, type Tally } from '../helpers/load.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { endpointOf, failingMetrics, MODELS, register, rolloutOf, SHORT_CANARY_STEPS, versionOf, weights, writeSpec } from './_support.js';

// Issue 4, "Tests that must exist": a bad canary — one that errors on ~30% of rows, one ~8 ms slower per row, one
// whose scores are shifted by 1.5 logits (test/fixtures/rollout/) — is rolled back automatically by the judge with
// its default metrics, tagged rollout=failed in the registry, and the failing metric is named in the report; a good
// canary (A/A: the same logistic regression as stable) is promoted and moves @champion. One server, canaries in
// turn under a steady load of 8 clients.

interface Outcome {
  readonly cli: CliResult;
  readonly snapshot: RolloutSnapshot;
  readonly plan: string[];
  readonly version: ModelVersion;
  readonly load: Tally;
}

describe('bad canaries are rolled back, a good one is promoted (real server process under load)', () => {
  let home: string;
  let server: ServerProcess;
  let load: Load;
  const outcomes: Record<string, Outcome> = {};

  const canary = async (name: string, version: number): Promise<void> => {
    load.phase(name);
    const cli = await runCli(['--server', server.url, 'deploy', `models:/bc/${version}`, '--spec', `${home}/canary.yaml`, '--watch'], { home, timeoutMs: 90_000 });
    const [snapshot, view, registered] = await Promise.all([rolloutOf(server), endpointOf(server), versionOf(home, `bc/${version}`)]);
    outcomes[name] = { cli, snapshot, plan: weights(view), version: registered, load: load.tally(name) };
    const report = snapshot.lastReport;
    console.log(`${name}: ${snapshot.phase} — ${snapshot.message}\n  ${report?.metrics.map((m) => `${m.metric} ${m.verdict}: ${m.message}`).join('\n  ')}`);
  };

  beforeAll(async () => {
    home = tempDir('mp-bad-canaries-');
    await register(home, MODELS.logreg); // v1
    await register(home, MODELS.errors, { reference: false }); // v2
    await register(home, MODELS.slow); // v3
    await register(home, MODELS.shifted); // v4
    await register(home, MODELS.logreg); // v5: A/A
    await cliJson(['alias', 'set', 'bc', 'champion', '1'], { home });
    writeSpec(home, 'canary.yaml', { strategy: 'canary', steps: SHORT_CANARY_STEPS });

    server = await startServer({ home, args: ['models:/bc/1'] });
    load = startLoad({ url: `${server.url}/v2/models/bc/infer`, clients: 8 });
    await load.waitFor(500);
    await canary('errors', 2);
    await canary('slow', 3);
    await canary('shifted', 4);
    await canary('good', 5);
    await load.stop();
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await server?.stop();
    await killAll();
  });

  const BAD = [
    { name: 'errors', version: 2, metric: 'errorRate' },
    { name: 'slow', version: 3, metric: 'latencyP99' },
    { name: 'shifted', version: 4, metric: 'predictionShift' },
  ] as const;

  for (const bad of BAD) {
    it(`${bad.name}.onnx: rolled back by the judge on ${bad.metric}, tagged rollout=failed, @champion untouched`, () => {
      const o = outcomes[bad.name]!;
      expect(o.cli.code, o.cli.stdout + o.cli.stderr).toBe(1);
      expect(o.snapshot).toMatchObject({ phase: 'RolledBack', weight: 0, target: { version: bad.version } });
      expect(o.snapshot.message).toContain('analysis failed');
      expect(o.snapshot.lastReport?.outcome).toBe('Fail');
      expect(failingMetrics(o.snapshot)).toContain(bad.metric);
      expect(o.snapshot.message).toContain(bad.metric);
      // The bad version received traffic (it was judged on real answers), and now stable alone serves.
      expect(o.load.byVersion[String(bad.version)] ?? 0).toBeGreaterThan(0);
      expect(o.plan).toEqual(['1 stable 100']);
      expect(o.version.tags).toMatchObject({ rollout: 'failed' });
      expect(o.version.aliases).toEqual([]);
    });
  }

  it('errors.onnx: the failures clients saw were its own (500 from v2), never stable’s', () => {
    const t = outcomes['errors']!.load;
    expect(t.failures.length).toBeGreaterThan(0);
    expect(new Set(t.failures.map((f) => `${f.status} v${f.version}`))).toEqual(new Set(['500 v2']));
  });

  it('slow.onnx and shifted.onnx: no client failure at all (only the judge could tell)', () => {
    expect(outcomes['slow']!.load.failures).toEqual([]);
    expect(outcomes['shifted']!.load.failures).toEqual([]);
  });

  it('the A/A canary is promoted: deploy --watch exits 0, @champion moves from v1 to v5, v5 serves alone', async () => {
    const o = outcomes['good']!;
    expect(o.cli.code, o.cli.stdout + o.cli.stderr).toBe(0);
    expect(o.snapshot).toMatchObject({ phase: 'Succeeded', weight: 100, target: { version: 5 }, stable: { version: 1 } });
    expect(o.snapshot.reports.map((r) => r.outcome)).toEqual(['Pass', 'Pass']);
    expect(o.plan).toEqual(['5 stable 100', '1 standby 0']);
    expect(o.version.aliases).toEqual(['champion']);
    expect(o.version.tags).not.toHaveProperty('rollout');
    expect(o.load.failures).toEqual([]);
    expect((await versionOf(home, 'bc/1')).aliases).toEqual([]);
  });
});
