import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { MonitorView, MonitorWindow } from '../../src/contract/index.js';
import { CLI_MAIN, runCli } from '../helpers/cli.js';
import { killAll } from '../helpers/server-process.js';
import {
  alertsOf,
  auditActions,
  batchesOf,
  closedWindows,
  drawRows,
  feedback,
  holdout,
  meanStd,
  monitoredServer,
  monitorOf,
  seeded,
  sendBatches,
  waitFor,
  waitForClosed,
  webhookReceiver,
  type Diamond,
  type Prediction,
} from './_support.js';

// Production monitoring end to end: real `modelpilot serve --monitor` processes fed held-out diamonds over HTTP,
// windows of 500 predicted rows (10 requests of 50 rows), drift verdicts, alerts, webhooks, labels and restarts.

const ROWS = holdout();
const CARAT = 0;
const CUT = 1;
const WINDOW_ROWS = 500;
const BATCH = 50;

afterAll(killAll);

const monitorYaml = (rules: string, extra = ''): string => `window:\n  duration: 10m\n  rows: ${WINDOW_ROWS}\n${extra}rules:\n${rules}`;

/** `windows` windows of random held-out rows (with replacement), optionally changed, as batches of 50 rows. */
function windowsOf(windows: number, random: () => number, pool: readonly Diamond[] = ROWS, change: (d: Diamond) => Diamond = (d) => d): Diamond[][] {
  return batchesOf(drawRows(pool, windows * WINDOW_ROWS, random).map(change), BATCH);
}

const carat = (w: MonitorWindow) => w.drift?.features.find((f) => f.name === 'carat');
const driftNumbers = (w: MonitorWindow) => ({ seq: w.seq, start: w.start, end: w.end, rows: w.rows, samples: w.samples, drift: w.drift, predictedClasses: w.predictedClasses, labels: w.labels });

/** `monitor --watch --json` as a real process: its first `n` frames (one JSON document per line), then it is stopped. */
function watchedFrames(server: string, n: number): Promise<MonitorView[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, '--server', server, 'monitor', 'diamonds', '--watch', '--json', '--interval', '0.2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no ${n} frames in 15 s: ${text}`))), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const frames = text.split('\n').filter((l) => l.trim() !== '');
      if (frames.length < n) return;
      clearTimeout(timer);
      child.kill('SIGTERM');
      resolve(frames.slice(0, n).map((l) => JSON.parse(l) as MonitorView));
    });
  });
}

describe.concurrent('production monitoring over real processes', () => {
  // The sampled inputs are the float32 tensor values: binned against float64 edges, a carat of 1.01 (an edge, and
  // a common value) would land in the bin below and fake drift. This replay is what caught it.
  it('raises no alert over 50 windows of held-out rows, and reports the false-alarm rate', async () => {
    const m = await monitoredServer(
      monitorYaml(
        [
          '  - { name: dataset-drift, metric: datasetDriftShare, op: ">", threshold: 0.3, for: 1, severity: critical }',
          '  - { name: worst-psi, metric: featurePsi, op: ">", threshold: 0.1, for: 2 }',
        ].join('\n') + '\n',
      ),
    );
    const windows = 50;
    await sendBatches(m.server, 'clean', windowsOf(windows, seeded(20240601)));
    const closed = await waitForClosed(m.server, windows, 40_000);

    const rows = closed.reduce((s, w) => s + w.rows, 0);
    expect(rows).toBe(windows * WINDOW_ROWS);
    expect(closed.every((w) => w.drift !== null)).toBe(true);
    const withDrift = closed.filter((w) => w.drift!.drifted > 0);
    const drifted = withDrift.flatMap((w) => w.drift!.features.filter((f) => f.drifted).map((f) => `#${w.seq} ${f.name} psi=${f.psi.toFixed(3)} p=${f.pValue.toExponential(2)}`));
    const worstPsi = Math.max(...closed.flatMap((w) => w.drift!.features.map((f) => f.psi)));
    const alerts = await alertsOf(m.server);
    const firings = await auditActions(m.home, 'alert.firing');
    console.log(
      `[monitoring] no-drift replay: ${closed.length} windows of ~${WINDOW_ROWS} rows; windows with a drifted feature ${withDrift.length}/${closed.length} = ${(withDrift.length / closed.length).toFixed(3)}; ` +
        `alert firings ${firings.length}/${closed.length} = ${(firings.length / closed.length).toFixed(3)}; worst feature PSI ${worstPsi.toFixed(4)}${drifted.length ? `; drifted: ${drifted.join(', ')}` : ''}`,
    );
    expect(alerts.filter((a) => a.state === 'firing' || a.state === 'resolved')).toEqual([]);
    expect(firings).toEqual([]);
  });

  it('fires featurePsi on carat within 3 windows of a +0.5 std shift, with the numbers behind the verdict', async () => {
    const m = await monitoredServer(monitorYaml('  - { name: carat-psi, metric: featurePsi, feature: carat, op: ">", threshold: 0.1, for: 1 }\n'));
    const random = seeded(7);
    const shift = 0.5 * meanStd(ROWS, CARAT).std;
    await sendBatches(m.server, 'clean', windowsOf(2, random));
    const clean = await waitForClosed(m.server, 2);
    expect(clean.map((w) => carat(w)?.drifted)).toEqual([false, false]);
    expect((await alertsOf(m.server)).filter((a) => a.state === 'firing')).toEqual([]);

    await sendBatches(m.server, 'shifted', windowsOf(3, random, ROWS, (d) => ({ ...d, features: d.features.map((v, i) => (i === CARAT ? v + shift : v)) })));
    const all = await waitForClosed(m.server, 5);
    const alert = (await alertsOf(m.server)).find((a) => a.rule === 'carat-psi');
    const firedAt = all.find((w) => w.seq === alert?.window && alert.state === 'firing');
    // The first window whose carat PSI crossed 0.1 is where it fired (for: 1); later windows only update the state.
    const audits = await auditActions(m.home, 'alert.firing');
    const firstFiring = audits.find((a) => a.details.rule === 'carat-psi');
    console.log(`[monitoring] carat +0.5 std: carat PSI per window ${all.map((w) => `#${w.seq}=${carat(w)?.psi.toFixed(3)}`).join(' ')}; fired on window #${String(firstFiring?.details.window)} (shifted window ${Number(firstFiring?.details.window) - 2})`);
    expect(alert?.state).toBe('firing');
    expect(firedAt).toBeDefined();
    expect(firstFiring).toBeDefined();
    const fired = all.find((w) => w.seq === firstFiring!.details.window)!;
    expect(fired.seq).toBeGreaterThan(2);
    expect(fired.seq - 2).toBeLessThanOrEqual(3);
    const entry = carat(fired)!;
    expect(entry).toMatchObject({ drifted: true, rows: fired.rows, referenceRows: 12_000, missing: 0 });
    expect(entry.psi).toBeGreaterThanOrEqual(0.1);
    expect(entry.pValue).toBeLessThan(0.01);
    // A window ends on the sample that reaches 500 rows; a request in the same millisecond still joins it.
    expect(fired.rows).toBeGreaterThanOrEqual(WINDOW_ROWS);

    // The same figures as Prometheus gauges (the newest closed window) and through the CLI.
    const metrics = await (await fetch(`${m.server.url}/metrics`)).text();
    const newest = all.reduce((a, b) => (b.seq > a.seq ? b : a));
    const gauge = new RegExp(`^modelpilot_drift_psi\\{endpoint="diamonds",version="1",feature="carat"\\} (\\S+)$`, 'm').exec(metrics);
    expect(Number(gauge?.[1])).toBeCloseTo(carat(newest)!.psi, 9);
    expect(metrics).toMatch(/^modelpilot_alert_firing\{rule="carat-psi",endpoint="diamonds",version="1",severity="warning"\} 1$/m);
    const json = await runCli(['--server', m.server.url, 'monitor', 'diamonds', '--json', '--windows', '3']);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { versions: { windows: MonitorWindow[] }[] }).versions[0]!.windows.map((w) => w.seq)).toEqual([5, 4, 3]);
    const table = await runCli(['--server', m.server.url, 'monitor', 'diamonds']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/carat.*DRIFT/);
    expect(table.stdout).toMatch(/carat-psi.*firing/);
    expect(await watchedFrames(m.server.url, 2)).toHaveLength(2);
    const unknown = await runCli(['--server', m.server.url, 'monitor', 'nope']);
    expect([unknown.code, unknown.stderr.trim().split('\n').length]).toEqual([1, 1]);
    expect(unknown.stderr).toMatch(/MP_ENDPOINT_NOT_FOUND/);
  });

  it('fires featurePsi on cut when Ideal diamonds disappear, and notifies the webhook', async () => {
    const hook = await webhookReceiver();
    try {
      const m = await monitoredServer(monitorYaml('  - { name: cut-psi, metric: featurePsi, feature: cut, op: ">", threshold: 0.1, for: 1 }\n', `notify:\n  - { url: "${hook.url}", format: json }\n`));
      const random = seeded(11);
      await sendBatches(m.server, 'clean', windowsOf(2, random));
      const clean = await waitForClosed(m.server, 2);
      expect(clean.map((w) => w.drift?.features.find((f) => f.name === 'cut')?.drifted)).toEqual([false, false]);

      const noIdeal = ROWS.filter((d) => d.features[CUT] !== 4);
      await sendBatches(m.server, 'mix', windowsOf(3, random, noIdeal));
      const all = await waitForClosed(m.server, 5);
      const audits = await auditActions(m.home, 'alert.firing');
      const first = audits.find((a) => a.details.rule === 'cut-psi');
      const cut = (w: MonitorWindow) => w.drift?.features.find((f) => f.name === 'cut');
      console.log(`[monitoring] cut without Ideal: cut PSI per window ${all.map((w) => `#${w.seq}=${cut(w)?.psi.toFixed(3)}`).join(' ')}; fired on window #${String(first?.details.window)}`);
      expect(first).toBeDefined();
      expect(Number(first!.details.window) - 2).toBeGreaterThanOrEqual(1);
      expect(Number(first!.details.window) - 2).toBeLessThanOrEqual(3);
      const fired = all.find((w) => w.seq === first!.details.window)!;
      expect(cut(fired)).toMatchObject({ drifted: true, referenceRows: 12_000 });
      expect((await alertsOf(m.server)).find((a) => a.rule === 'cut-psi')?.state).toBe('firing');

      const note = await waitFor('the firing webhook', async () => hook.bodies.find((b) => (b as { kind?: string }).kind === 'alert.firing') as Record<string, unknown> | undefined, 15_000);
      expect(note).toMatchObject({ kind: 'alert.firing', subject: 'endpoints:/diamonds', details: { rule: 'cut-psi', window: first!.details.window, to: 'firing' } });
    } finally {
      await hook.close();
    }
  });

  it('joins labels by request id: coverage, accuracy, late labels in their own window, duplicates, corrections, unknown ids', async () => {
    const n = 100;
    const m = await monitoredServer(`window:\n  duration: 10m\n  rows: ${n}\n`);
    const random = seeded(3);
    const accuracyOf = (ps: readonly Prediction[], truth = (p: Prediction) => p.rows[0]!.label) => ps.filter((p) => p.predicted[0] === truth(p)).length / ps.length;
    const label = (p: Prediction, value = p.rows[0]!.label) => ({ request_id: p.requestId, label: value });

    const first = await sendBatches(m.server, 'w1', batchesOf(drawRows(ROWS, n, random), 1));
    await waitFor('the samples of window 1', async () => {
      const v = await monitorOf(m.server);
      const seen = (v.versions[0]?.open?.rows ?? 0) + (v.versions[0]?.windows[0]?.rows ?? 0);
      return seen >= n ? true : undefined;
    });
    const labelled = first.slice(0, 60);
    const r1 = await feedback(m.server, labelled.map((p) => label(p)));
    expect(r1).toEqual({ status: 200, body: { received: 60, joined: 60, duplicate: 0, corrected: 0, unknown: [] } });
    const [w1] = await waitForClosed(m.server, 1);
    expect(w1).toMatchObject({ seq: 1, rows: n, samples: n });
    expect(w1!.labels.labelled).toBe(60);
    expect(w1!.labels.coverage).toBe(60 / n);
    expect(w1!.labels.kind).toBe('classification');
    expect(w1!.labels.accuracy).toBeCloseTo(accuracyOf(labelled), 12);

    const second = await sendBatches(m.server, 'w2', batchesOf(drawRows(ROWS, n, random), 1));
    await waitFor('the samples of window 2', async () => ((await monitorOf(m.server)).versions[0]?.open?.rows === n ? true : undefined));
    expect(await feedback(m.server, { items: second.slice(0, 10).map((p) => label(p)) })).toMatchObject({ status: 200, body: { joined: 10 } });
    const closed = await waitForClosed(m.server, 2);
    expect(closed[1]!.labels.labelled).toBe(10);

    // Late labels for window 1, after window 2 closed too: they count in window 1 only.
    const late = first.slice(60, 80);
    expect(await feedback(m.server, late.map((p) => label(p)))).toEqual({ status: 200, body: { received: 20, joined: 20, duplicate: 0, corrected: 0, unknown: [] } });
    const [a1, a2] = await closedWindows(m.server);
    expect(a1!.labels.labelled).toBe(80);
    expect(a1!.labels.coverage).toBe(80 / n);
    expect(a1!.labels.accuracy).toBeCloseTo(accuracyOf(first.slice(0, 80)), 12);
    expect(a2!.labels.labelled).toBe(10);
    expect(a2!.labels.accuracy).toBeCloseTo(accuracyOf(second.slice(0, 10)), 12);

    // The same label again changes nothing; a different one replaces the first; an id nobody sent is kept as unknown.
    const p0 = first[0]!;
    expect(await feedback(m.server, label(p0))).toEqual({ status: 200, body: { received: 1, joined: 0, duplicate: 1, corrected: 0, unknown: [] } });
    expect(await feedback(m.server, label(p0, 1 - p0.rows[0]!.label))).toEqual({ status: 200, body: { received: 1, joined: 0, duplicate: 0, corrected: 1, unknown: [] } });
    expect(await feedback(m.server, [{ request_id: 'never-sent', label: 1 }])).toEqual({ status: 200, body: { received: 1, joined: 0, duplicate: 0, corrected: 0, unknown: ['never-sent'] } });
    const [c1, c2] = await closedWindows(m.server);
    expect(c1!.labels.labelled).toBe(80);
    expect(c1!.labels.accuracy).toBeCloseTo(accuracyOf(first.slice(0, 80), (p) => (p === p0 ? 1 - p.rows[0]!.label : p.rows[0]!.label)), 12);
    expect(c2!.labels.labelled).toBe(10);
    expect((await monitorOf(m.server)).pendingLabels).toBe(1);

    for (const bad of [{ request_id: 'x' }, { items: [] }, { request_id: '', label: 1 }, { request_id: 'x', label: { a: 1 } }]) {
      const r = await feedback(m.server, bad);
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      expect(r.body.code).toMatch(/^MP_[A-Z_]+$/);
    }
  });

  it('changes the sampling rate while serving: unsampled requests cannot be labelled, sampled ones can', async () => {
    const m = await monitoredServer('window: { duration: 10m, rows: 1000 }\n');
    const put = (body: unknown) => fetch(`${m.server.url}/api/v1/monitoring/sampling`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await put({ rate: 0 })).json()).toEqual({ rate: 0 });
    const quiet = await sendBatches(m.server, 'quiet', batchesOf(ROWS.slice(0, 20), 1));
    expect(await (await put({ rate: 1 })).json()).toEqual({ rate: 1 });
    const loud = await sendBatches(m.server, 'loud', batchesOf(ROWS.slice(20, 40), 1));
    expect(await (await fetch(`${m.server.url}/api/v1/monitoring/sampling`)).json()).toEqual({ rate: 1 });
    const labels = (ps: Prediction[]) => ps.map((p) => ({ request_id: p.requestId, label: p.rows[0]!.label }));
    const joined = await waitFor('the sampled requests to be written', async () => {
      const r = await feedback(m.server, labels(loud));
      return r.body.duplicate + r.body.joined === 20 && r.body.unknown.length === 0 ? r : undefined;
    });
    expect(joined.status).toBe(200);
    expect((await feedback(m.server, labels(quiet))).body).toMatchObject({ received: 20, joined: 0, unknown: quiet.map((p) => p.requestId) });
    for (const bad of [{ rate: 2 }, { rate: -0.1 }, { rate: 'all' }, {}]) {
      const r = await put(bad);
      expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([400, expect.stringMatching(/^MP_/)]);
    }
  });

  it('keeps closed windows and a firing alert across a SIGTERM restart and a kill -9', async () => {
    const m = await monitoredServer(monitorYaml('  - { name: carat-psi, metric: featurePsi, feature: carat, op: ">", threshold: 0.1, for: 1 }\n'));
    const random = seeded(5);
    const shift = 0.5 * meanStd(ROWS, CARAT).std;
    const shifted = (d: Diamond): Diamond => ({ ...d, features: d.features.map((v, i) => (i === CARAT ? v + shift : v)) });
    await sendBatches(m.server, 'a', [...windowsOf(1, random), ...windowsOf(2, random, ROWS, shifted)]);
    await waitForClosed(m.server, 3);
    const firing = await waitFor('the carat alert to fire', async () => (await alertsOf(m.server)).find((a) => a.rule === 'carat-psi' && a.state === 'firing'));
    const before = (await closedWindows(m.server)).map(driftNumbers);
    expect(before.map((w) => w.seq)).toEqual([1, 2, 3]);

    await m.restart('SIGTERM');
    expect((await closedWindows(m.server)).map(driftNumbers)).toEqual(before);
    expect((await alertsOf(m.server)).find((a) => a.rule === 'carat-psi')).toMatchObject({ state: 'firing', window: firing.window, since: firing.since });

    await sendBatches(m.server, 'b', windowsOf(1, random, ROWS, shifted));
    const four = (await waitForClosed(m.server, 4)).map(driftNumbers);
    expect(four.map((w) => w.seq)).toEqual([1, 2, 3, 4]);
    expect(four.slice(0, 3)).toEqual(before);

    await m.restart('SIGKILL');
    expect((await closedWindows(m.server)).map(driftNumbers)).toEqual(four);
    const after = (await alertsOf(m.server)).find((a) => a.rule === 'carat-psi');
    expect(after).toMatchObject({ state: 'firing', since: firing.since });
    expect(after!.window).toBe(4);
  });
});
