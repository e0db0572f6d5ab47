/**
 * Monitoring, performance: closing a monitoring window of 100,000 samples × 30 features and computing every drift
 * statistic takes under 100 ms.
 *
 * Setup (not timed): the reference profile of test/fixtures/breast-cancer-train.csv (30 numeric features, target
 * `target`) built with buildProfile, its window plan (planOf), and SAMPLES single-row PredictionSamples whose rows
 * are drawn from that CSV with replacement, every feature multiplied by (1 + 0.01·z), z standard normal, from a
 * seeded PRNG (core's mulberry32); the label is the row's target.
 *
 * Timed:
 *   fold      addSample() of every sample into one fresh sketch, FOLD_RUNS times (a fresh sketch each time): µs per
 *             sample — the cost paid as samples are written, off the request path
 *   close     windowDrift(plan, sketch, …) on the SAMPLES-sample sketch with test 'chi-square' and with test 'ks',
 *             CLOSE_RUNS times each after one warm-up: median and max — the target, < 100 ms. Both compute every
 *             statistic (PSI, JS, chi-square, KS on the reservoirs); `test` only picks which p-value decides. The
 *             first call on a fresh plan (which builds the KS reference pseudo-samples the plan then caches for the
 *             track's later windows) is printed separately.
 *   baselines sorting SAMPLES × 30 numbers (30 Float64Array columns: what a close that kept raw samples would pay
 *             before testing anything) and JSON.stringify of the sketch (what persisting it costs), CLOSE_RUNS times
 *             each, interleaved with the closes; ratios close/baseline are printed.
 * Exits 1 if a close median or max is not under TARGET_MS.
 * Environment: MODELPILOT_BENCH_SAMPLES (default 100000), MODELPILOT_BENCH_RUNS (closes, default 20).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom, parseCsv } from '../dist/core/index.js';
import { addSample, emptySketch, planOf, windowDrift } from '../dist/monitoring/index.js';
import { buildProfile } from '../dist/registry/profile/index.js';
import { ROOT, fmtList, fmtMs, median, requireBuild, verdict } from './_lib.mjs';

const TARGET_MS = 100;
const SAMPLES = Number(process.env.MODELPILOT_BENCH_SAMPLES ?? 100_000);
const CLOSE_RUNS = Number(process.env.MODELPILOT_BENCH_RUNS ?? 20);
const FOLD_RUNS = 3;
const LIMITS = { pValue: 0.01, psi: 0.1, share: 0.5 };

requireBuild();

// --- setup: the profile, its plan, and the samples
const csvFile = join(ROOT, 'test', 'fixtures', 'breast-cancer-train.csv');
const table = parseCsv(readFileSync(csvFile, 'utf8'));
const profile = buildProfile(table, { source: csvFile, target: 'target' });
const plan = planOf(profile);
const features = profile.features.map((f) => f.name);
const featureIndex = features.map((f) => table.header.indexOf(f));
const targetIndex = table.header.indexOf('target');
const rng = createSeededRandom(20260115);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const started = new Date('2026-01-15T00:00:00Z').getTime();
const samples = Array.from({ length: SAMPLES }, (_, i) => {
  const source = table.rows[Math.floor(rng.next() * table.rows.length)];
  return {
    endpoint: 'bc',
    model: 'bc',
    version: 1,
    requestId: `r${i}`,
    at: new Date(started + i * 10).toISOString(),
    latencyMs: 1,
    inputs: [featureIndex.map((c) => Number(Number(source[c]) * (1 + 0.01 * normal())).toPrecision(6) * 1)],
    outputs: { labels: [Number(source[targetIndex])] },
  };
});
const kinds = plan.features.map((f) => f.kind).reduce((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
console.log(
  `monitor-window: ${SAMPLES.toLocaleString('en')} single-row samples × ${features.length} features ` +
    `(plan: ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}; prediction ${plan.prediction?.kind ?? 'none'})`,
);

// --- fold: every sample into a fresh sketch, FOLD_RUNS times
const folds = [];
let sketch;
for (let run = 0; run < FOLD_RUNS; run++) {
  const random = createSeededRandom(run + 1);
  const s = emptySketch(plan);
  const t0 = performance.now();
  for (const sample of samples) addSample(plan, s, sample, random);
  folds.push(performance.now() - t0);
  sketch = s;
}
if (sketch.rows !== SAMPLES || sketch.samples !== SAMPLES) throw new Error(`sketch holds ${sketch.rows} rows of ${sketch.samples} samples`);

// --- the columns the sort baseline sorts (the same values the sketch summarises)
const columns = features.map((_, f) => Float64Array.from(samples, (s) => s.inputs[0][f]));

// --- close: the first call on a fresh plan (KS references not yet built), then warm, interleaved with baselines
const cold = {};
for (const test of ['chi-square', 'ks']) {
  const freshPlan = planOf(profile);
  const t0 = performance.now();
  windowDrift(freshPlan, sketch, { ...LIMITS, test });
  cold[test] = performance.now() - t0;
}
const results = {};
for (const test of ['chi-square', 'ks']) results[test] = windowDrift(plan, sketch, { ...LIMITS, test });
const times = { 'chi-square': [], ks: [], sort: [], json: [] };
let jsonBytes = 0;
for (let run = 0; run < CLOSE_RUNS; run++) {
  for (const test of ['chi-square', 'ks']) {
    const t0 = performance.now();
    const drift = windowDrift(plan, sketch, { ...LIMITS, test });
    times[test].push(performance.now() - t0);
    if (drift.tested !== features.length) throw new Error(`${test}: ${drift.tested} of ${features.length} features tested`);
  }
  let t0 = performance.now();
  for (const c of columns) Float64Array.from(c).sort();
  times.sort.push(performance.now() - t0);
  t0 = performance.now();
  jsonBytes = JSON.stringify(sketch).length;
  times.json.push(performance.now() - t0);
}

const foldMs = median(folds);
const usPerSample = (foldMs * 1000) / SAMPLES;
const [sortMs, jsonMs] = [median(times.sort), median(times.json)];
const max = (list) => Math.max(...list);
const row = (label, ms) => `  ${label.padEnd(40)} ${fmtMs(ms).padStart(10)}`;
console.log(`medians below, all runs in brackets (ms); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`${row(`fold ${SAMPLES} samples into one sketch`, foldMs)}  ${fmtList(folds)}  = ${usPerSample.toFixed(2)} µs per sample`);
console.log(`${row(`baseline sort ${SAMPLES} × ${features.length} numbers`, sortMs)}  max ${fmtMs(max(times.sort))}`);
console.log(`${row('baseline JSON.stringify(sketch)', jsonMs)}  max ${fmtMs(max(times.json))}  (${(jsonBytes / 1024).toFixed(1)} KB)`);
for (const test of ['chi-square', 'ks']) {
  const m = median(times[test]);
  const r = results[test];
  console.log(
    `${row(`close, test ${test}`, m)}  max ${fmtMs(max(times[test]))}, first on a fresh plan ${fmtMs(cold[test])}` +
      `  = ${(m / sortMs).toFixed(3)}× the sort, ${(m / jsonMs).toFixed(2)}× the stringify; ${r.drifted} of ${r.tested} drifted`,
  );
}
console.log(`  all close runs: chi-square ${fmtList(times['chi-square'])}`);
console.log(`                  ks         ${fmtList(times.ks)}`);

const ok = verdict(
  'targets',
  ['chi-square', 'ks'].map((test) => {
    const [m, worst] = [median(times[test]), max(times[test])];
    return {
      name: `close a ${SAMPLES}-sample × ${features.length}-feature window, ${test}, < ${TARGET_MS} ms`,
      ok: m < TARGET_MS && worst < TARGET_MS,
      detail: `median ${fmtMs(m)}, max ${fmtMs(worst)} of ${CLOSE_RUNS} (first on a fresh plan ${fmtMs(cold[test])})`,
    };
  }),
);
process.exitCode = ok ? 0 : 1;
