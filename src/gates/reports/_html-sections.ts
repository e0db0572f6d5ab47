import type { GateResult, ValidationRun } from '../../contract/index.js';
import type { FeatureDrift } from '../drift/index.js';
import type { GroupRates } from '../metrics/index.js';
import { histogramSvg } from './_svg.js';
import { escapeXml as esc, fmtNumber as num } from './escape.js';

const detailsOf = <T>(run: ValidationRun, gate: string): (T & Record<string, unknown>) | undefined => run.results.find((r: GateResult) => r.gate === gate)?.details as (T & Record<string, unknown>) | undefined;

const table = (head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string =>
  `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

interface EvaluationDetails {
  readonly metrics: Record<string, number>;
  readonly intervals: Record<string, { lower: number; upper: number }>;
  readonly confusion?: { labels: number[]; matrix: number[][] };
  readonly bootstrap: { iterations: number; confidence: number };
}

/** Holdout metrics (with bootstrap intervals) and the confusion matrix, when the evaluation gate ran. */
export function evaluationSection(run: ValidationRun): string {
  const d = detailsOf<EvaluationDetails>(run, 'evaluation');
  if (!d?.metrics) return '';
  const rows = Object.entries(d.metrics).map(([name, v]) => {
    const ci = d.intervals?.[name];
    return [esc(name), num(v), ci ? `${num(ci.lower)} – ${num(ci.upper)}` : ''];
  });
  const level = d.bootstrap ? `${Math.round(d.bootstrap.confidence * 100)}% CI (${d.bootstrap.iterations} resamples)` : 'CI';
  return `<section id="evaluation"><h2>Holdout evaluation</h2>${table(['metric', 'value', level], rows, 'metrics')}${confusionTable(d.confusion)}</section>`;
}

function confusionTable(c: EvaluationDetails['confusion']): string {
  if (!c) return '';
  const head = ['true \\ predicted', ...c.labels.map(String)];
  const rows = c.matrix.map((row, i) => [`<strong>${c.labels[i]}</strong>`, ...row.map((v, j) => `<span class="${i === j ? 'diag' : 'off'}">${num(v)}</span>`)]);
  return `<h3>Confusion matrix</h3>${table(head, rows, 'confusion')}`;
}

interface BiasDetails {
  readonly attribute: string;
  readonly positiveClass: number;
  readonly groups: GroupRates[];
  readonly summary: Record<string, number>;
}

/** Per-group rates and the between-group measures, when the bias gate ran. */
export function fairnessSection(run: ValidationRun): string {
  const d = detailsOf<BiasDetails>(run, 'bias');
  if (!d?.groups) return '';
  const rows = d.groups.map((g) => [esc(g.group), num(g.n), num(g.accuracy), num(g.selectionRate), num(g.tpr), num(g.fpr)]);
  const summary = Object.entries(d.summary ?? {}).map(([k, v]) => [esc(k), num(v)]);
  return `<section id="fairness"><h2>Fairness by ${esc(d.attribute)} (positive class ${d.positiveClass})</h2>${table(['group', 'rows', 'accuracy', 'selection rate', 'TPR', 'FPR'], rows, 'fairness')}${table(['measure', 'value'], summary, 'metrics')}</section>`;
}

interface DriftDetails {
  readonly features: FeatureDrift[];
  readonly share: number;
  readonly maxShare: number;
}

/** Per-feature drift verdicts and histograms (reference vs data), when the drift gate ran. */
export function driftSection(run: ValidationRun): string {
  const d = detailsOf<DriftDetails>(run, 'drift');
  if (!d?.features) return '';
  const rows = d.features.map((f) => [esc(f.name), esc(f.test), num(f.score), num(f.threshold), num(f.psi), f.drifted ? '<span class="o Fail">drift</span>' : '<span class="o Pass">ok</span>']);
  const charts = d.features.map((f) => histogramSvg(f.name, f.bins, f.referenceCounts, f.currentCounts, `${f.test} ${num(f.score)}${f.drifted ? ' · drift' : ''}`)).join('');
  return `<section id="drift"><h2>Data drift (share ${num(d.share)}, limit ${num(d.maxShare)})</h2>${table(['feature', 'test', 'score', 'threshold', 'PSI', 'verdict'], rows, 'drift')}<p class="legend"><span class="sw ref"></span> reference <span class="sw cur"></span> data</p><div class="charts">${charts}</div></section>`;
}
