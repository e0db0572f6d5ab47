import type { AlertSeverity, AlertState, FeatureDriftResult, LabelStats, MonitorView, MonitorWindow, WindowDrift, WindowTraffic } from '../../contract/index.js';
import { table } from '../output.js';

/** How the view is drawn: colours (and a cleared screen in watch mode) only on a terminal. */
export interface MonitorRenderOptions {
  readonly tty: boolean;
}

type VersionView = MonitorView['versions'][number];

const BARS = '▁▂▃▄▅▆▇█';
/** PSI histories are drawn on at least 0..0.5 (0.25 is the usual "major shift" line), so noise stays low bars. */
const SPARK_FLOOR = 0.5;
const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * One character per value, scaled over 0..max(floor, largest value); `·` where there is no value.
 * @example sparkline([0, 0.25, null, 0.5]) // '▁▅·█'
 */
export function sparkline(values: readonly (number | null)[], floor = SPARK_FLOOR): string {
  const top = Math.max(floor, ...values.filter(isFiniteNumber));
  return values.map((v) => (isFiniteNumber(v) ? BARS.charAt(Math.min(7, Math.round((Math.max(0, v) / top) * 7))) : '·')).join('');
}

/** The whole view: a header, one section per version (its latest closed window), then the alerts. */
export function showMonitor(view: MonitorView, opts: MonitorRenderOptions): string {
  const pending = view.pendingLabels ? `, ${view.pendingLabels} label(s) waiting for their prediction` : '';
  const versions = view.versions.length ? view.versions.map((v) => showVersion(v, opts)) : [`no version of ${view.endpoint} has monitoring windows yet — send it traffic`];
  return [`endpoint ${view.endpoint}: ${view.versions.length} version(s) monitored${pending}`, ...versions, showAlerts(view.alerts, opts)].join('\n\n');
}

function showVersion(v: VersionView, opts: MonitorRenderOptions): string {
  const history = v.windows.filter((w) => w.closed).sort((a, b) => a.seq - b.seq);
  const open = v.open ? `open window #${v.open.seq}: ${v.open.rows} rows so far` : 'no open window';
  const header = `models:/${v.model}/${v.version} — ${history.length} window(s) shown, ${open}`;
  const latest = history.at(-1);
  return latest ? [header, showWindow(latest, history, opts)].join('\n') : `${header}\nno closed window yet`;
}

function showWindow(w: MonitorWindow, history: readonly MonitorWindow[], opts: MonitorRenderOptions): string {
  return [
    `window #${w.seq} (${w.start} → ${w.end}): ${w.rows} rows from ${w.samples} sampled requests`,
    w.drift ? showDrift(w.drift, history, opts) : 'drift: no verdict — fewer rows than minRows, or no reference profile',
    ...(w.scores ? [`scores (0 → 1, ten bins): ${sparkline(w.scores, 1)}  ${classesOf(w)}`] : []),
    labelLine(w.labels),
    trafficLine(w.traffic),
  ].join('\n');
}

function classesOf(w: MonitorWindow): string {
  const c = w.predictedClasses;
  return c ? `predicted classes ${Object.entries(c).map(([k, n]) => `${k}: ${n}`).join(', ')}` : '';
}

/** The latest window's per-feature verdicts with each feature's PSI history, the prediction and the dataset line. */
export function showDrift(d: WindowDrift, history: readonly MonitorWindow[], opts: MonitorRenderOptions): string {
  const rows = d.features.map((f) => [...featureCells(f, d, opts), sparkline(history.map((w) => w.drift?.features.find((h) => h.name === f.name)?.psi ?? null))]);
  const limits = `p < ${d.thresholds.pValue} and PSI ≥ ${d.thresholds.psi}`;
  return [
    table(['feature', 'PSI', 'JS', 'p-value', 'test', 'rows', 'drift', 'PSI history'], rows),
    predictionLine(d, history, opts),
    `dataset drift: ${d.drifted}/${d.tested} features drifted (${pct(d.share)}, limit ${pct(d.thresholds.share)}; a feature drifts at ${limits}) — ${verdict(d.datasetDrift, opts)}`,
  ].join('\n');
}

function featureCells(f: FeatureDriftResult, d: WindowDrift, opts: MonitorRenderOptions): string[] {
  return [f.name, f.psi.toFixed(3), f.js.toFixed(3), pValue(f.pValue), testOf(f, d), String(f.rows), verdict(f.drifted, opts)];
}

function predictionLine(d: WindowDrift, history: readonly MonitorWindow[], opts: MonitorRenderOptions): string {
  const p = d.prediction;
  if (!p) return 'prediction drift: — (the reference profile has no target)';
  const spark = sparkline(history.map((w) => w.drift?.prediction?.psi ?? null));
  return `prediction drift: PSI ${p.psi.toFixed(3)}, JS ${p.js.toFixed(3)}, p ${pValue(p.pValue)} (${testOf(p, d)}) — ${verdict(p.drifted, opts)}  history ${spark}`;
}

/** Coverage and the live quality metrics of the labels joined so far ('—' while a metric has too few labels). */
export function labelLine(l: LabelStats): string {
  const metrics: [string, number | null][] =
    l.kind === 'regression' ? [['mae', l.mae], ['rmse', l.rmse]] : [['accuracy', l.accuracy], ['precision', l.precision], ['recall', l.recall], ['f1', l.f1]];
  return `labels: ${l.labelled} joined, coverage ${pct(l.coverage)} — ${metrics.map(([k, v]) => `${k} ${num(v)}`).join(', ')}`;
}

function trafficLine(t: WindowTraffic | null): string {
  return t ? `traffic: ${t.requests} requests, error rate ${pct(t.errorRate)}, p99 ${t.latencyP99Ms === null ? '—' : `${num(t.latencyP99Ms)} ms`}` : 'traffic: —';
}

/** Firing, then pending alerts, most severe first; 'no alerts firing' when there are none. */
export function showAlerts(alerts: readonly AlertState[], opts: MonitorRenderOptions): string {
  const active = alerts
    .filter((a) => a.state === 'firing' || a.state === 'pending')
    .sort((a, b) => Number(b.state === 'firing') - Number(a.state === 'firing') || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  if (!active.length) return 'no alerts firing';
  const rows = active.map((a) => [a.rule, `v${a.version}`, a.severity, paint(a.state, a.state === 'firing' ? '31' : '33', opts), num(a.value), a.since, a.message]);
  return `alerts:\n${table(['rule', 'version', 'severity', 'state', 'value', 'since', 'message'], rows)}`;
}

/** One watch-mode frame: the screen cleared on a terminal, a blank line between frames otherwise. */
export function watchFrame(text: string, first: boolean, opts: MonitorRenderOptions): string {
  return opts.tty ? `\u001b[H\u001b[2J${text}\n` : `${first ? '' : '\n'}${text}\n`;
}

/** The test behind a verdict: KS when configured and the window kept raw values, chi-square on the bins otherwise. */
function testOf(f: FeatureDriftResult, d: WindowDrift): string {
  return d.thresholds.test === 'ks' && f.ks ? 'ks' : 'chi-square';
}

function verdict(drifted: boolean, opts: MonitorRenderOptions): string {
  return drifted ? paint('DRIFT', '31', opts) : 'ok';
}

function paint(text: string, colour: string, opts: MonitorRenderOptions): string {
  return opts.tty ? `\u001b[${colour}m${text}\u001b[0m` : text;
}

function pValue(p: number): string {
  return p !== 0 && p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function num(v: number | null): string {
  return v === null ? '—' : String(Number(v.toPrecision(4)));
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function isFiniteNumber(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}
