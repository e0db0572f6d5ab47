/**
 * Issue 5, performance: `validate` of the tree-ensemble fixture on a 100,000-row holdout with every gate runs in
 * under 10 s; the drift gate alone on 1,000,000 rows × 30 features in under 3 s.
 *
 * Setup (not timed): a fresh SQLite home; test/fixtures/breast-cancer-logreg.onnx registered as v1 and made @champion
 * (so no-regression has something to compare with) and breast-cancer-trees.onnx as v2, both with the training CSV as
 * reference profile; a 100,000-row holdout made by resampling test/fixtures/gates/breast-cancer-holdout-groups.csv
 * with replacement and multiplying every feature by (1 + 0.01·z), z standard normal, from a seeded PRNG (core's
 * mulberry32), kept to 6 significant digits like the source data (~21 MB of CSV, as 100,000 real rows would be).
 *
 * Timed, median of RUNS:
 *   baseline  onnxruntime alone: load the tree model and predict the 100,000 rows once (in chunks, as the gates do)
 *   API       validateModel() from dist/app — read the policy and the CSV, every gate (integrity, safety, signature,
 *             metadata, registered metrics, unit, robustness, evaluation with bootstrap intervals, no-regression,
 *             bias, drift, latency), store the run — the target, < 10 s
 *   CLI       once: node dist/cli/main.js validate … --json, end to end
 * and for drift alone, 1,000,000 rows × 30 features (the same resampling, in memory), median of RUNS:
 *   baseline  sorting the 30 columns (what KS would cost if it sorted the current sample, as a library call does)
 *   drift     datasetDrift() of dist/gates: the per-feature tests against the stored profile, PSI and histograms —
 *             the target, < 3 s
 * Exits 1 if a target is missed. Environment: MODELPILOT_BENCH_ROWS (100000), MODELPILOT_BENCH_DRIFT_ROWS (1000000),
 * MODELPILOT_BENCH_RUNS (3).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRegistry, resolveConfig, validateModel } from '../dist/app/index.js';
import { createSeededRandom, parseCsv } from '../dist/core/index.js';
import { createOnnxEngine } from '../dist/engine/index.js';
import { datasetDrift } from '../dist/gates/index.js';
import { CLI, ROOT, fmtList, fmtMs, median, requireBuild, tempDir, timeAsync, timeProcess, verdict } from './_lib.mjs';

const VALIDATE_TARGET_MS = 10_000;
const DRIFT_TARGET_MS = 3_000;
const ROWS = Number(process.env.MODELPILOT_BENCH_ROWS ?? 100_000);
const DRIFT_ROWS = Number(process.env.MODELPILOT_BENCH_DRIFT_ROWS ?? 1_000_000);
const RUNS = Number(process.env.MODELPILOT_BENCH_RUNS ?? 3);
const FIXTURES = join(ROOT, 'test', 'fixtures');

requireBuild();
const home = tempDir('validate');
const config = resolveConfig({ home, actor: 'bench' }, {});

// --- setup: the registry, and the resampled holdout
const source = parseCsv(readFileSync(join(FIXTURES, 'gates', 'breast-cancer-holdout-groups.csv'), 'utf8'));
const features = source.header.filter((h) => h !== 'target' && h !== 'group');
const featureIndex = features.map((f) => source.header.indexOf(f));
const rng = createSeededRandom(20260115);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const pick = () => source.rows[Math.floor(rng.next() * source.rows.length)];

{
  const { registry, close } = await openRegistry(config);
  try {
    const reference = { file: join(FIXTURES, 'breast-cancer-train.csv'), target: 'target' };
    await registry.register({ name: 'bc', file: join(FIXTURES, 'breast-cancer-logreg.onnx'), reference, metrics: { accuracy: 0.986 }, tags: { owner: 'bench' } });
    await registry.register({ name: 'bc', file: join(FIXTURES, 'breast-cancer-trees.onnx'), reference, metrics: { accuracy: 0.951 }, tags: { owner: 'bench' } });
    await registry.setAlias('bc', 'champion', 1);
  } finally {
    await close();
  }
}
const holdoutCsv = join(home, 'holdout-100k.csv');
{
  const lines = [source.header.join(',')];
  for (let r = 0; r < ROWS; r++) {
    const row = [...pick()];
    for (const i of featureIndex) row[i] = String(Number((Number(row[i]) * (1 + 0.01 * normal())).toPrecision(6)));
    lines.push(row.join(','));
  }
  writeFileSync(holdoutCsv, `${lines.join('\n')}\n`);
}
const policyFile = join(home, 'gates.json');
writeFileSync(policyFile, JSON.stringify({
  requiredTags: ['owner'],
  metrics: { accuracy: '>= 0.9' },
  data: { path: holdoutCsv, target: 'target' },
  evaluate: { accuracy: '>= 0.9', rocAuc: '>= 0.95' },
  noRegression: { tolerance: 0.05 },
  bias: { attribute: 'group', metric: 'equalizedOddsDifference', max: 0.2 },
  drift: { maxShare: 0.5 },
  latency: { p99Ms: 50, batch: 1 },
}));
console.log(`validate: ${ROWS.toLocaleString('en')}-row holdout (${(readFileSync(holdoutCsv).length / 1e6).toFixed(1)} MB CSV), every gate`);

// --- baseline: onnxruntime alone on the same rows
const baseline = [];
{
  const table = parseCsv(readFileSync(holdoutCsv, 'utf8'));
  const x = new Float32Array(table.rows.length * features.length);
  table.rows.forEach((row, r) => featureIndex.forEach((i, c) => (x[r * features.length + c] = Number(row[i]))));
  for (let i = 0; i < RUNS; i++) {
    const { ms } = await timeAsync(async () => {
      const model = await createOnnxEngine().load({ path: join(FIXTURES, 'breast-cancer-trees.onnx') });
      for (let start = 0; start < table.rows.length; start += 16_384) {
        const n = Math.min(16_384, table.rows.length - start);
        await model.run({ input: { dtype: 'float32', shape: [n, features.length], data: x.subarray(start * features.length, (start + n) * features.length) } });
      }
      await model.dispose();
    });
    baseline.push(ms);
  }
}

// --- the API, every gate
const api = [];
let lastRun;
for (let i = 0; i < RUNS; i++) {
  const { ms, value } = await timeAsync(() => validateModel(config, { uri: 'bc/2', suite: 'validate', policyFile }));
  api.push(ms);
  lastRun = value.run;
}
const gates = lastRun.results.map((r) => `${r.gate} ${r.outcome} ${r.durationMs.toFixed(0)} ms`).join(', ');

// --- the CLI, once, end to end
const cli = timeProcess(process.execPath, [CLI, '--home', home, 'validate', 'bc/2', '--policy', policyFile, '--json'], { cwd: ROOT });
const cliRun = JSON.parse(cli.stdout);
if (cliRun.results.length !== lastRun.results.length) throw new Error('the CLI ran other gates than the API');

// --- drift alone: 1,000,000 rows × 30 features in memory
const { registry, close } = await openRegistry(config);
const profile = await registry.getProfile('bc/2');
await close();
const columns = new Map(features.map((f) => [f, new Float64Array(DRIFT_ROWS)]));
for (let r = 0; r < DRIFT_ROWS; r++) {
  const row = pick();
  features.forEach((f, c) => (columns.get(f)[r] = Number(row[featureIndex[c]]) * (1 + 0.01 * normal())));
}
const sorts = [];
const drifts = [];
let driftResult;
for (let i = 0; i < RUNS; i++) {
  sorts.push((await timeAsync(async () => [...columns.values()].forEach((c) => Float64Array.from(c).sort()))).ms);
  const { ms, value } = await timeAsync(async () => datasetDrift(profile, (f) => columns.get(f.name), { maxShare: 0.5, pValue: 0.05, distance: 0.1 }));
  drifts.push(ms);
  driftResult = value;
}

const [baseMs, apiMs, sortMs, driftMs] = [median(baseline), median(api), median(sorts), median(drifts)];
console.log('medians below, all runs in brackets (ms)');
console.log(`  baseline onnxruntime predicts ${ROWS} rows        ${fmtMs(baseMs).padStart(10)}  ${fmtList(baseline)}`);
console.log(`  API validateModel, every gate                  ${fmtMs(apiMs).padStart(10)}  ${fmtList(api)}  = ${(apiMs / baseMs).toFixed(1)}× the baseline; outcome ${lastRun.outcome}`);
console.log(`    per gate (last run): ${gates}`);
console.log(`  CLI validate --json (end to end, once)         ${fmtMs(cli.ms).padStart(10)}` + (cli.peakRssMb !== null ? `, peak RSS ${cli.peakRssMb.toFixed(0)} MB` : ''));
console.log(`  baseline sort 30 columns of ${DRIFT_ROWS}         ${fmtMs(sortMs).padStart(10)}  ${fmtList(sorts)}`);
console.log(`  drift, ${DRIFT_ROWS} rows × ${features.length} features          ${fmtMs(driftMs).padStart(10)}  ${fmtList(drifts)}  = ${(driftMs / sortMs).toFixed(2)}× the sorts; ${driftResult.drifted} of ${driftResult.tested} features drifted (${driftResult.features[0].test})`);

const ok = verdict('targets', [
  { name: `validate ${ROWS} rows, every gate < ${VALIDATE_TARGET_MS / 1000} s`, ok: apiMs < VALIDATE_TARGET_MS, detail: `${fmtMs(apiMs)} (CLI end to end ${fmtMs(cli.ms)})` },
  { name: `drift gate ${DRIFT_ROWS} × ${features.length} < ${DRIFT_TARGET_MS / 1000} s`, ok: driftMs < DRIFT_TARGET_MS, detail: fmtMs(driftMs) },
]);
process.exitCode = ok ? 0 : 1;
