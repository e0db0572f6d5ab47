import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionSample } from '../../src/contract/index.js';
import { createSeededRandom, parseCsv } from '../../src/core/index.js';
import { createMonitor, monitorView, resolveMonitorConfig, writeSamples, type Monitor, type Notification, type NotifyTarget } from '../../src/monitoring/index.js';
import { DATABASE_KINDS } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// The monitor over the real store of each database: windows closed by the clock, drift against the diamonds
// reference profile, labels joined through the stored samples, alerts audited and notified, and all of it read back
// by a second monitor on the same store (a restart).

const holdout = parseCsv(readFileSync(fixture('diamonds-holdout.csv'), 'utf8'));
const CARAT = holdout.header.indexOf('carat');
const TARGET = holdout.header.indexOf('expensive');
const rows = holdout.rows.map((r) => r.filter((_, i) => i !== TARGET).map(Number));
const truth = holdout.rows.map((r) => Number(r[TARGET]));
const caratStd = std(rows.map((r) => r[CARAT]!));

function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

const config = resolveMonitorConfig({
  window: { duration: '10m', rows: 500 },
  rules: [{ name: 'carat', metric: 'featurePsi', feature: 'carat', op: '>', threshold: 0.1, for: 2, severity: 'critical' }],
  notify: [{ url: 'http://hooks.invalid/alert' }],
});

describe.each(DATABASE_KINDS)('monitor on %s', (kind) => {
  let h: RegistryHarness;
  const sent: Notification[] = [];
  const notifier = { send: (_t: readonly NotifyTarget[], n: Notification) => void sent.push(n) };
  const newMonitor = (): Monitor =>
    createMonitor({ store: h.store, clock: h.clock, random: createSeededRandom(3), config, notifier, profileOf: (m, v) => h.registry.getProfile(`${m}/${v}`), traffic: () => null, warn: (e) => { throw e; } });
  let monitor: Monitor;
  let n = 0;

  /** 500 single-row samples (one window), written as the data plane does, then observed; carat shifted by `shift` σ. */
  async function window(shift: number): Promise<PredictionSample[]> {
    const samples: PredictionSample[] = [];
    for (let i = 0; i < 500; i++, n++) {
      const k = (n * 7919) % rows.length;
      const row = rows[k]!.map((v, j) => (j === CARAT ? v + shift * caratStd : v));
      h.clock.advance(10);
      samples.push({ endpoint: 'd', model: 'diamonds', version: 1, requestId: `r${n}`, at: new Date(h.clock.now()).toISOString(), latencyMs: 1, inputs: [row], outputs: { labels: [truth[k]! ^ (i % 10 === 0 ? 1 : 0)] } });
    }
    await writeSamples(h.store, samples);
    await monitor.observe(samples);
    return samples;
  }

  /** The true label of a sample's row (its request id is `r<n>`, the row it was drawn from follows from n). */
  const truthOf = (s: PredictionSample): number => truth[(Number(s.requestId.slice(1)) * 7919) % rows.length]!;

  async function closeAll(): Promise<void> {
    h.clock.advance(5_000);
    await monitor.tick();
  }

  beforeAll(async () => {
    h = await openHarness(kind);
    await h.registry.register({ name: 'diamonds', file: fixture('diamonds-logreg.onnx'), reference: { file: fixture('diamonds-train.csv'), target: 'expensive' } });
    monitor = newMonitor();
    await monitor.start();
  });
  afterAll(async () => h?.close());

  it('closes windows by rows with drift numbers, and fires on the second shifted window, once', async () => {
    await window(0);
    await window(0);
    await closeAll();
    await window(0.5);
    await closeAll();
    await window(0.5);
    await closeAll();
    const view = await monitorView(monitor.state, 'd', 10);
    const windows = view.versions[0]!.windows;
    expect(windows.map((w) => [w.seq, w.rows, w.closed])).toEqual([[4, 500, true], [3, 500, true], [2, 500, true], [1, 500, true]]);
    const carat = (seq: number) => windows.find((w) => w.seq === seq)!.drift!.features.find((f) => f.name === 'carat')!;
    expect([carat(1).drifted, carat(2).drifted, carat(3).drifted, carat(4).drifted]).toEqual([false, false, true, true]);
    expect(carat(3)).toMatchObject({ kind: 'bins', rows: 500, referenceRows: 12_000, missing: 0 });
    expect(carat(3).psi).toBeGreaterThan(0.1);
    expect(carat(3).chiSquare.pValue).toBeLessThan(0.01);
    expect(view.alerts).toMatchObject([{ rule: 'carat', state: 'firing', window: 4, severity: 'critical' }]);
    expect(sent.map((s) => s.kind)).toEqual(['alert.firing']);
    const actions = (await h.registry.listAudit({ limit: 100 })).map((e) => e.action).filter((a) => a.startsWith('alert.'));
    expect(actions).toEqual(['alert.pending', 'alert.firing']);
  });

  it('joins labels to their prediction’s window, late ones included, and reports duplicates, corrections and unknown ids', async () => {
    const samples = await window(0);
    const first = samples.slice(0, 300);
    const r1 = await monitor.feedback('d', first.map((s) => ({ request_id: s.requestId, label: truthOf(s) })));
    expect(r1).toEqual({ received: 300, joined: 300, duplicate: 0, corrected: 0, unknown: [] });
    await closeAll();
    // A late label for the closed window, a duplicate, a correction, and an id nobody sampled.
    const late = samples[400]!;
    const r2 = await monitor.feedback('d', [
      { request_id: late.requestId, label: late.outputs.labels![0]! },
      { request_id: first[0]!.requestId, label: truthOf(first[0]!) },
      { request_id: first[1]!.requestId, label: 1 - truthOf(first[1]!) },
      { request_id: 'never-sampled', label: 1 },
    ]);
    expect(r2).toEqual({ received: 4, joined: 1, duplicate: 1, corrected: 1, unknown: ['never-sampled'] });
    const w = (await monitorView(monitor.state, 'd', 1)).versions[0]!.windows[0]!;
    expect(w.seq).toBe(5);
    // 301 labelled rows of 500; every 10th prediction was made wrong on purpose, and one label was flipped.
    const correct = 300 - 30 /* every 10th */ - 1 /* the corrected label now disagrees */ + 1 /* the late label agrees */;
    expect(w.labels).toMatchObject({ labelled: 301, coverage: 301 / 500, kind: 'classification' });
    expect(w.labels.accuracy).toBeCloseTo(correct / 301, 12);
  });

  it('keeps windows, labels and alert states across a restart', async () => {
    await monitor.flush();
    const before = await monitorView(monitor.state, 'd', 10);
    const again = newMonitor();
    await again.start();
    const after = await monitorView(again.state, 'd', 10);
    expect(after.versions[0]!.windows).toEqual(before.versions[0]!.windows);
    expect(after.alerts).toEqual(before.alerts);
    expect(after.pendingLabels).toBe(1);
    monitor = again;
  });
});
