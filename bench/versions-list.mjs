/**
 * Issue 2, performance: `versions list` on a model with 10,000 versions answers in under 100 ms on SQLite.
 *
 * Setup (not timed): a fresh SQLite home; ONE real version of test/fixtures/diabetes-linear.onnx registered
 * through the programmatic API; then that row copied 9,999 times into model_versions with better-sqlite3 in one
 * transaction (and models.latest_version set to 10,000). That shortcut skips the audit chain, which has no part in
 * listing; every copied row is a real, complete version row, so listing reads and decodes exactly what it would.
 *
 * Timed, after one warm-up, median of RUNS:
 *   baseline  better-sqlite3 `select * from model_versions where model = ?` (.all()) — the raw read
 *   API       `registry.listVersions(name)` — Kysely, the alias/approval joins and JSON decoding of every row
 * and, separately, median of CLI_RUNS: `node dist/cli/main.js --home <home> versions list <name> --json`
 * end to end (process start, opening the store, printing 10,000 versions as JSON).
 * Exits 1 if the API median is not under TARGET_MS.
 * Environment: MODELPILOT_BENCH_VERSIONS (default 10000), MODELPILOT_BENCH_RUNS (default 7).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openRegistry, resolveConfig } from '../dist/app/index.js';
import { CLI, ROOT, fmtList, fmtMs, median, requireBuild, tempDir, timeAsync, timeProcess, verdict } from './_lib.mjs';

const TARGET_MS = 100;
const VERSIONS = Number(process.env.MODELPILOT_BENCH_VERSIONS ?? 10_000);
const RUNS = Number(process.env.MODELPILOT_BENCH_RUNS ?? 7);
const CLI_RUNS = 3;
const NAME = 'many';

requireBuild();
const home = tempDir('versions');
const config = resolveConfig({ home, actor: 'bench' }, {});

// One real registration through the API.
{
  const { registry, close } = await openRegistry(config);
  try {
    await registry.register({
      name: NAME,
      file: join(ROOT, 'test', 'fixtures', 'diabetes-linear.onnx'),
      metrics: { rmse: 53.85, r2: 0.45 },
      params: { fit_intercept: 'true' },
      tags: { team: 'bench' },
      lineage: { dataset_version: 'sklearn-diabetes', framework: 'sklearn' },
    });
  } finally {
    await close();
  }
}

// The shortcut: copy that row VERSIONS − 1 times, directly, in one transaction.
const raw = new Database(config.db);
const filled = performance.now();
raw.transaction(() => {
  const copy = raw.prepare(`
    insert into model_versions (model, version, digest, size_bytes, stage, description, created_by, created_at,
                                source_file, signature, metrics, params, tags, lineage, profile)
    select model, ?, digest, size_bytes, stage, description, created_by, created_at,
           source_file, signature, metrics, params, tags, lineage, profile
    from model_versions where model = ? and version = 1`);
  for (let v = 2; v <= VERSIONS; v++) copy.run(v, NAME);
  raw.prepare('update models set latest_version = ? where name = ?').run(VERSIONS, NAME);
})();
console.log(`versions-list: model '${NAME}' with ${VERSIONS.toLocaleString('en')} versions (1 registered + copies) in ${fmtMs(performance.now() - filled)}`);

// Baseline: the raw read with better-sqlite3.
const select = raw.prepare('select * from model_versions where model = ?');
select.all(NAME);
const baseline = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const rows = select.all(NAME);
  baseline.push(performance.now() - started);
  if (rows.length !== VERSIONS) throw new Error(`raw select returned ${rows.length} rows`);
}
raw.close();

// The programmatic API.
const api = [];
{
  const { registry, close } = await openRegistry(config);
  try {
    const warm = await registry.listVersions(NAME);
    if (warm.length !== VERSIONS || warm[0].version !== VERSIONS) throw new Error(`listVersions returned ${warm.length} versions`);
    for (let i = 0; i < RUNS; i++) {
      const { ms, value } = await timeAsync(() => registry.listVersions(NAME));
      if (value.length !== VERSIONS) throw new Error(`listVersions returned ${value.length} versions`);
      api.push(ms);
    }
  } finally {
    await close();
  }
}

// The CLI, end to end.
const cli = [];
for (let i = 0; i < CLI_RUNS; i++) {
  const r = timeProcess(process.execPath, [CLI, '--home', home, 'versions', 'list', NAME, '--json'], { cwd: ROOT });
  const listed = JSON.parse(r.stdout);
  if (listed.length !== VERSIONS) throw new Error(`CLI listed ${listed.length} versions`);
  cli.push(r);
}

const baseMs = median(baseline);
const apiMs = median(api);
const cliMs = median(cli.map((r) => r.ms));
console.log(`medians below, all runs in brackets (ms)`);
console.log(`  baseline raw select (better-sqlite3)   ${fmtMs(baseMs).padStart(10)}  ${fmtList(baseline)}`);
console.log(`  API registry.listVersions()            ${fmtMs(apiMs).padStart(10)}  ${fmtList(api)}  = ${(apiMs / baseMs).toFixed(2)}× the raw select`);
console.log(
  `  CLI versions list --json (end to end)  ${fmtMs(cliMs).padStart(10)}  ${fmtList(cli.map((r) => r.ms))}  = ${(cliMs / baseMs).toFixed(1)}× the raw select` +
    (cli[0].peakRssMb !== null ? `, peak RSS ${Math.max(...cli.map((r) => r.peakRssMb)).toFixed(0)} MB` : ''),
);

const ok = verdict('targets', [
  { name: `API listVersions of ${VERSIONS} versions < ${TARGET_MS} ms`, ok: apiMs < TARGET_MS, detail: `${fmtMs(apiMs)} (${(apiMs / baseMs).toFixed(2)}× raw select)` },
]);
process.exitCode = ok ? 0 : 1;
