import { describe, expect, it } from 'vitest';
import type { AlertSeverity, AlertState, AlertStateName, FeatureDriftResult, LabelStats, MonitorView, MonitorWindow, WindowDrift } from '../../contract/index.js';
import { labelLine, showAlerts, showDrift, showMonitor, sparkline, watchFrame } from './_monitor-view.js';

const PLAIN = { tty: false } as const;

function feature(name: string, psi: number, drifted = false, over: Partial<FeatureDriftResult> = {}): FeatureDriftResult {
  return {
    name, kind: 'bins', rows: 500, referenceRows: 12000, missing: 0, psi, js: psi / 4,
    chiSquare: { statistic: 3.2, pValue: drifted ? 1e-12 : 0.52, dof: 9 }, ks: null,
    pValue: drifted ? 1e-12 : 0.52, drifted, reason: drifted ? 'p < 0.01 and PSI ≥ 0.1' : 'no significant shift', ...over,
  };
}

function drift(features: FeatureDriftResult[], prediction: FeatureDriftResult | null = null): WindowDrift {
  const drifted = features.filter((f) => f.drifted).length;
  const share = drifted / features.length;
  return { features, tested: features.length, drifted, share, datasetDrift: share >= 0.5, prediction, thresholds: { pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' } };
}

const LABELS: LabelStats = { labelled: 120, coverage: 0.24, kind: 'classification', accuracy: 0.9125, precision: 0.88, recall: null, f1: null, mae: null, rmse: null };

function win(seq: number, d: WindowDrift | null, over: Partial<MonitorWindow> = {}): MonitorWindow {
  return {
    endpoint: 'diamonds', model: 'diamonds', version: 2, seq, start: `2026-01-01T00:0${seq}:00.000Z`, end: `2026-01-01T00:0${seq + 1}:00.000Z`,
    closed: true, samples: 500, rows: 500, drift: d, predictedClasses: { '0': 260, '1': 240 }, scores: null, labels: LABELS,
    traffic: { requests: 1000, errors: 5, invalid: 1, errorRate: 0.005, latencyP99Ms: 12.34 }, ...over,
  };
}

function alert(rule: string, state: AlertStateName, severity: AlertSeverity, value: number | null): AlertState {
  // The cast only matters while contract/monitor.ts builds AlertState's unions with Type.Union(list.map(…)), typed never.
  return { rule, endpoint: 'diamonds', version: 2, state, severity, streak: 2, value, window: 3, since: '2026-01-01T00:04:00.000Z', lastNotifiedAt: null, message: `${rule} is ${value}` } as AlertState;
}

/** Three closed windows: carat drifts more and more, depth stays put; the second window had too few rows. */
const HISTORY = [
  win(1, drift([feature('carat', 0.05), feature('depth', 0.01)], feature('prediction', 0.02))),
  win(2, null, { rows: 40 }),
  win(3, drift([feature('carat', 0.8, true), feature('depth', 0.02)], feature('prediction', 0.4, true))),
];

const VIEW: MonitorView = {
  endpoint: 'diamonds',
  versions: [{ model: 'diamonds', version: 2, open: win(4, null, { closed: false, rows: 57 }), windows: [HISTORY[2]!, HISTORY[0]!, HISTORY[1]!] }],
  alerts: [alert('carat-psi', 'firing', 'critical', 0.8), alert('accuracy-low', 'resolved', 'warning', 0.91)],
  pendingLabels: 3,
};

const rowOf = (text: string, name: string): string => text.split('\n').find((l) => l.trimStart().startsWith(`${name} `)) ?? '';
const cells = (row: string): string[] => row.trim().split(/\s{2,}/);

describe('sparkline', () => {
  it('scales over 0..0.5 when every value is below it', () => {
    expect(sparkline([0, 0.25, 0.5])).toBe('▁▅█');
  });

  it('scales over 0..max when a value is above 0.5', () => {
    expect(sparkline([0, 0.5, 1])).toBe('▁▅█');
    expect(sparkline([2, 1, 0])).toBe('█▅▁');
  });

  it('draws a window without drift as ·', () => {
    expect(sparkline([null, 0.5, null])).toBe('·█·');
    expect(sparkline([null, null])).toBe('··');
    expect(sparkline([])).toBe('');
  });

  it('keeps an all-zero history flat at the bottom (no division by zero)', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
});

describe('drift table', () => {
  const text = showDrift(HISTORY[2]!.drift!, HISTORY, PLAIN);

  it('shows a drifted feature with its numbers, DRIFT and its PSI history oldest → newest', () => {
    const row = rowOf(text, 'carat');
    expect(cells(row)).toEqual(['carat', '0.800', '0.200', '1.0e-12', 'chi-square', '500', 'DRIFT', '▁·█']);
  });

  it('shows a clean feature as ok, its history on the 0..0.5 scale', () => {
    expect(cells(rowOf(text, 'depth'))).toEqual(['depth', '0.020', '0.005', '0.520', 'chi-square', '500', 'ok', '▁·▁']);
  });

  it('says which test decided: ks when configured and raw values were kept', () => {
    const ks = drift([feature('x', 0.3, true, { ks: { statistic: 0.2, pValue: 1e-5, rows: 400 } }), feature('cut', 0.01)]);
    const out = showDrift({ ...ks, thresholds: { ...ks.thresholds, test: 'ks' } }, [], PLAIN);
    expect(rowOf(out, 'x')).toContain(' ks ');
    expect(rowOf(out, 'cut')).toContain('chi-square');
  });

  it('adds the prediction drift (its history on 0..0.5: 0.4 → ▇) and the dataset drift share', () => {
    expect(text).toContain('prediction drift: PSI 0.400, JS 0.100, p 1.0e-12 (chi-square) — DRIFT  history ▁·▇');
    expect(text).toContain('dataset drift: 1/2 features drifted (50.0%, limit 50.0%; a feature drifts at p < 0.01 and PSI ≥ 0.1) — DRIFT');
    expect(showDrift(drift([feature('carat', 0.01)]), [], PLAIN)).toContain('prediction drift: — (the reference profile has no target)');
  });

  it('colours verdicts only on a terminal', () => {
    expect(text).not.toContain('\u001b[');
    expect(showDrift(HISTORY[2]!.drift!, HISTORY, { tty: true })).toContain('\u001b[31mDRIFT\u001b[0m');
  });
});

describe('labelLine', () => {
  it('prints classification metrics with — for the ones still null', () => {
    expect(labelLine(LABELS)).toBe('labels: 120 joined, coverage 24.0% — accuracy 0.9125, precision 0.88, recall —, f1 —');
  });

  it('prints mae and rmse for a regressor', () => {
    expect(labelLine({ ...LABELS, kind: 'regression', accuracy: null, precision: null, mae: 312.456, rmse: null })).toBe('labels: 120 joined, coverage 24.0% — mae 312.5, rmse —');
  });

  it('prints every metric as — before any label has arrived', () => {
    expect(labelLine({ ...LABELS, labelled: 0, coverage: 0, kind: null, accuracy: null, precision: null })).toBe('labels: 0 joined, coverage 0.0% — accuracy —, precision —, recall —, f1 —');
  });
});

describe('showAlerts', () => {
  it('lists firing then pending alerts, most severe first, and leaves out resolved and inactive ones', () => {
    const text = showAlerts([alert('a-info', 'firing', 'info', 1), alert('b-pending', 'pending', 'critical', null), alert('c-crit', 'firing', 'critical', 0.81234), alert('d-done', 'resolved', 'critical', 1), alert('e-off', 'inactive', 'warning', 0)], PLAIN);
    const rules = text.split('\n').slice(2).map((l) => cells(l)[0]);
    expect(text.split('\n')[0]).toBe('alerts:');
    expect(rules).toEqual(['c-crit', 'a-info', 'b-pending']);
    expect(cells(rowOf(text, 'c-crit')).slice(0, 5)).toEqual(['c-crit', 'v2', 'critical', 'firing', '0.8123']);
    expect(rowOf(text, 'b-pending')).toMatch(/pending\s+—/);
  });

  it('says so when nothing fires', () => {
    expect(showAlerts([alert('x', 'resolved', 'warning', 1), alert('y', 'inactive', 'info', null)], PLAIN)).toBe('no alerts firing');
    expect(showAlerts([], PLAIN)).toBe('no alerts firing');
  });
});

describe('showMonitor', () => {
  const text = showMonitor(VIEW, PLAIN);

  it('heads each version with the windows shown and the open window, and details the latest closed window', () => {
    expect(text).toContain('endpoint diamonds: 1 version(s) monitored, 3 label(s) waiting for their prediction');
    expect(text).toContain('models:/diamonds/2 — 3 window(s) shown, open window #4: 57 rows so far');
    expect(text).toContain('window #3 (2026-01-01T00:03:00.000Z → 2026-01-01T00:04:00.000Z): 500 rows from 500 sampled requests');
    expect(text).toContain('traffic: 1000 requests, error rate 0.5%, p99 12.34 ms');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^\s*carat-psi\s+v2\s+critical\s+firing\s+0.8\s/);
  });

  it('says what is missing instead of failing on empty data', () => {
    const bare = showMonitor({ endpoint: 'new', versions: [{ model: 'new', version: 1, open: null, windows: [] }], alerts: [], pendingLabels: 0 }, PLAIN);
    expect(bare).toBe('endpoint new: 1 version(s) monitored\n\nmodels:/new/1 — 0 window(s) shown, no open window\nno closed window yet\n\nno alerts firing');
    const small = showMonitor({ ...VIEW, versions: [{ ...VIEW.versions[0]!, windows: [HISTORY[1]!] }] }, PLAIN);
    expect(small).toContain('drift: no verdict — fewer rows than minRows, or no reference profile');
    expect(showMonitor({ ...VIEW, versions: [{ ...VIEW.versions[0]!, windows: [win(1, null, { traffic: null })] }] }, PLAIN)).toContain('traffic: —');
  });

  it('draws the score distribution and the predicted classes when the window has them', () => {
    const scored = win(5, null, { scores: [8, 0, 0, 0, 0, 0, 0, 0, 2, 4] });
    expect(showMonitor({ ...VIEW, versions: [{ ...VIEW.versions[0]!, windows: [scored] }] }, PLAIN)).toContain('scores (0 → 1, ten bins): █▁▁▁▁▁▁▁▃▅  predicted classes 0: 260, 1: 240');
    expect(showMonitor(VIEW, PLAIN)).not.toContain('scores (0 → 1');
  });
});

describe('watchFrame', () => {
  it('clears the screen on a terminal and separates frames by a blank line otherwise', () => {
    expect(watchFrame('A', true, { tty: true })).toBe('\u001b[H\u001b[2JA\n');
    expect(watchFrame('A', true, PLAIN)).toBe('A\n');
    expect(watchFrame('B', false, PLAIN)).toBe('\nB\n');
  });
});
