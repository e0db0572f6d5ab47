import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RolloutSnapshot } from '../../src/contract/index.js';
import { parseCsv } from '../../src/core/index.js';
import { tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { api, register, rolloutOf } from './_support.js';

// Issue 6, "drift as a rollout signal": the judge's liveAccuracy (delayed labels joined by request id) and
// inputDrift (each version's live inputs against its own reference profile) roll back a bad new version, through
// real server processes, with the production monitor's numbers in the report.

afterAll(killAll);

const holdout = parseCsv(readFileSync(fixture('diamonds-holdout.csv'), 'utf8'));
const TARGET = holdout.header.indexOf('expensive');
const rows = holdout.rows.map((r) => r.filter((_, i) => i !== TARGET).map(Number));
const labels = holdout.rows.map((r) => Number(r[TARGET]));
const REFERENCE = ['--reference', fixture('diamonds-train.csv'), '--target', 'expensive'];

/** The training data with every measured column ×1.5: a reference the live traffic has clearly left. */
function inflatedReference(dir: string): string {
  const train = parseCsv(readFileSync(fixture('diamonds-train.csv'), 'utf8'));
  const scaled = new Set(['carat', 'depth', 'table', 'x', 'y', 'z']);
  const body = train.rows.map((r) => r.map((v, i) => (scaled.has(train.header[i]!) ? String(Number(v) * 1.5) : v)).join(','));
  const path = join(dir, 'inflated-train.csv');
  writeFileSync(path, [train.header.join(','), ...body].join('\n'));
  return path;
}

/** Held-out rows one per request, 8 at a time, each with its own request id; every `feedback` requests, their true labels. */
async function trafficUntilDecided(server: ServerProcess, feedback: boolean): Promise<RolloutSnapshot> {
  let next = 0;
  let done: RolloutSnapshot | undefined;
  const client = async (): Promise<void> => {
    while (!done) {
      const ids: { request_id: string; label: number }[] = [];
      for (let k = 0; k < 25; k++) {
        const i = next++;
        const response = await fetch(`${server.url}/api/v1/models/diamonds/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': `q-${i}` }, body: JSON.stringify({ instances: [rows[i % rows.length]] }) });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        ids.push({ request_id: `q-${i}`, label: labels[i % rows.length]! });
      }
      if (feedback) await api(server, 'POST', '/api/v1/models/diamonds/feedback', ids);
    }
  };
  const watch = async (): Promise<void> => {
    const deadline = performance.now() + 90_000;
    while (!done && performance.now() < deadline) {
      const s = await rolloutOf(server, 'diamonds');
      if (s.phase !== 'Progressing') done = s;
      else await new Promise((r) => setTimeout(r, 250));
    }
    if (!done) throw new Error('the rollout did not finish in 90 s');
  };
  await Promise.all([watch(), ...Array.from({ length: 8 }, client)]);
  return done!;
}

describe.concurrent('rollouts judged by production monitoring (real server processes)', () => {
  it('rolls back a new version whose accuracy on delayed labels is worse than stable’s', async () => {
    const home = tempDir('mp-live-accuracy-');
    await register(home, fixture('diamonds-logreg.onnx'), { model: 'diamonds', extra: REFERENCE });
    await register(home, fixture('diamonds-weak.onnx'), { model: 'diamonds', extra: REFERENCE });
    const server = await startServer({ home, args: ['models:/diamonds/1', '--sample-rate', '1'] });
    await api(server, 'POST', '/api/v1/rollouts', {
      model: 'models:/diamonds/2',
      steps: [{ setWeight: 50 }, { analysis: { duration: '2s', maxDuration: '60s', minSamples: 50 } }],
      analysis: { metrics: ['errorRate', 'liveAccuracy'], critical: ['liveAccuracy'], minLabels: 150 },
    });
    const done = await trafficUntilDecided(server, true);
    expect(done.phase).toBe('RolledBack');
    const accuracy = done.lastReport!.metrics.find((m) => m.metric === 'liveAccuracy')!;
    expect(accuracy).toMatchObject({ verdict: 'High', test: 'two-proportion z' });
    expect(accuracy.stable.n).toBeGreaterThanOrEqual(150);
    expect(accuracy.canary.n).toBeGreaterThanOrEqual(150);
    // The holdout accuracies are 0.975 (stable) and 0.58 (weak): the live figures on joined labels agree.
    expect(accuracy.stable.value!).toBeGreaterThan(0.93);
    expect(accuracy.canary.value!).toBeLessThan(0.7);
    expect(done.message).toMatch(/critical metric liveAccuracy failed: accuracy/);
    expect((await server.stop()).code).toBe(0);
  }, 120_000);

  it('reads out per-arm accuracy from delayed labels in an A/B test', async () => {
    const home = tempDir('mp-ab-outcomes-');
    await register(home, fixture('diamonds-logreg.onnx'), { model: 'diamonds', extra: REFERENCE });
    await register(home, fixture('diamonds-weak.onnx'), { model: 'diamonds', extra: REFERENCE });
    const server = await startServer({ home, args: ['models:/diamonds/1', '--sample-rate', '1'] });
    await api(server, 'POST', '/api/v1/rollouts', {
      model: 'models:/diamonds/2',
      strategy: 'ab',
      steps: [{ setWeight: 50 }, { analysis: { duration: '5s', maxDuration: '60s', minSamples: 50 } }],
      analysis: { minLabels: 150 },
    });
    const done = await trafficUntilDecided(server, true);
    const accuracy = done.lastReport!.metrics.find((m) => m.metric === 'liveAccuracy');
    expect(accuracy, JSON.stringify(done.lastReport)).toMatchObject({ verdict: 'High', test: 'two-proportion z' });
    expect(accuracy!.pValue!).toBeLessThan(1e-6);
    expect([accuracy!.stable.value! > 0.93, accuracy!.canary.value! < 0.7]).toEqual([true, true]);
    expect(done.phase).toBe('RolledBack');
    expect((await server.stop()).code).toBe(0);
  }, 120_000);

  it('rolls back a new version whose own reference profile the live inputs have left', async () => {
    const home = tempDir('mp-input-drift-');
    await register(home, fixture('diamonds-logreg.onnx'), { model: 'diamonds', extra: REFERENCE });
    await register(home, fixture('diamonds-logreg.onnx'), { model: 'diamonds', extra: ['--reference', inflatedReference(home), '--target', 'expensive'] });
    const server = await startServer({ home, args: ['models:/diamonds/1', '--sample-rate', '1'] });
    await api(server, 'POST', '/api/v1/rollouts', {
      model: 'models:/diamonds/2',
      steps: [{ setWeight: 50 }, { analysis: { duration: '2s', maxDuration: '60s', minSamples: 150 } }],
      analysis: { metrics: ['errorRate', 'inputDrift'], critical: ['inputDrift'] },
    });
    const done = await trafficUntilDecided(server, false);
    expect(done.phase).toBe('RolledBack');
    const drift = done.lastReport!.metrics.find((m) => m.metric === 'inputDrift')!;
    expect(drift.verdict).toBe('High');
    // Stable's live inputs come from its own training distribution: a single feature may cross the per-feature test
    // by chance on a window of a few hundred rows (each feature's false-alarm rate is the test's α), never most of them.
    expect(drift.stable.value!).toBeLessThanOrEqual(2 / 9);
    expect(drift.canary.value!).toBeGreaterThanOrEqual(0.5);
    expect(drift.message).toMatch(/features drifted from the new version's reference \(.*carat.*\) vs [0-2] of 9 for stable/);
    expect((await server.stop()).code).toBe(0);
  }, 120_000);
});
