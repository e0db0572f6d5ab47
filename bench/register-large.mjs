/**
 * Issue 2, performance: registering a ~200 MB ONNX artifact takes at most 2× `sha256sum` on the same file.
 *
 * Generates a valid 200 MB ONNX model (bench/_onnx.mjs), then, interleaved so every contender sees the same
 * page cache and machine load, RUNS times each:
 *   baseline  `sha256sum <file>` (a child process)
 *   CLI       `node dist/cli/main.js --home <fresh> register big <file>` (end to end, process start included)
 *   API       `registry.register({ name, file })` on a fresh home, timed around the call only, in a child process
 * and prints the medians and the ratios CLI/baseline and API/baseline. Exits 1 if a ratio exceeds TARGET.
 * Environment: MODELPILOT_BENCH_FLOATS (default 50_000_000 floats ≈ 200 MB), MODELPILOT_BENCH_RUNS (default 3).
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, fmtList, fmtMs, median, requireBuild, tempDir, timeProcess, verdict } from './_lib.mjs';
import { writeLargeOnnx } from './_onnx.mjs';

const TARGET = 2.0;
const FLOATS = Number(process.env.MODELPILOT_BENCH_FLOATS ?? 50_000_000);
const RUNS = Number(process.env.MODELPILOT_BENCH_RUNS ?? 3);

requireBuild();
const dir = tempDir('register');
const file = join(dir, 'big.onnx');
const generated = performance.now();
await writeLargeOnnx(file, FLOATS);
const sizeMb = statSync(file).size / 2 ** 20;
console.log(`register-large: ${sizeMb.toFixed(1)} MB ONNX model (W = ${FLOATS.toLocaleString('en')} float32) written in ${fmtMs(performance.now() - generated)}`);

// Warm the page cache so no contender pays for the first read from disk.
const expectedHex = timeProcess('sha256sum', [file]).stdout.split(/\s/)[0];

const sha = [];
const cli = [];
const api = [];
for (let run = 0; run < RUNS; run++) {
  sha.push(timeProcess('sha256sum', [file]));

  const cliHome = join(dir, `cli-home-${run}`);
  const c = timeProcess(process.execPath, [CLI, '--home', cliHome, '--actor', 'bench', '--json', 'register', 'big', file], { cwd: ROOT });
  const cliDigest = JSON.parse(c.stdout).digest;
  if (cliDigest !== `sha256:${expectedHex}`) throw new Error(`CLI stored digest ${cliDigest}, sha256sum says ${expectedHex}`);
  cli.push(c);
  rmSync(cliHome, { recursive: true, force: true });

  const apiHome = join(dir, `api-home-${run}`);
  const a = timeProcess(process.execPath, [join(ROOT, 'bench', '_register-api.mjs'), apiHome, 'big', file], { cwd: ROOT });
  const measured = JSON.parse(a.stdout);
  if (measured.digest !== `sha256:${expectedHex}`) throw new Error(`API stored digest ${measured.digest}, sha256sum says ${expectedHex}`);
  api.push({ ...measured, processMs: a.ms, processRssMb: a.peakRssMb });
  rmSync(apiHome, { recursive: true, force: true });
}

const shaMs = median(sha.map((r) => r.ms));
const cliMs = median(cli.map((r) => r.ms));
const apiMs = median(api.map((r) => r.ms));
const rss = (list) => (list.every((x) => x === null) ? 'n/a (no /usr/bin/time)' : `${Math.max(...list).toFixed(0)} MB`);
console.log(`runs: ${RUNS} each, interleaved; medians below, all runs in brackets (ms)`);
console.log(`  baseline sha256sum          ${fmtMs(shaMs).padStart(10)}  ${fmtList(sha.map((r) => r.ms))}  (${(sizeMb / (shaMs / 1000)).toFixed(0)} MB/s)`);
console.log(`  CLI register (end to end)   ${fmtMs(cliMs).padStart(10)}  ${fmtList(cli.map((r) => r.ms))}  peak RSS ${rss(cli.map((r) => r.peakRssMb))}`);
console.log(`  API registry.register()     ${fmtMs(apiMs).padStart(10)}  ${fmtList(api.map((r) => r.ms))}  peak RSS ${rss(api.map((r) => r.peakRssMb))}`);
console.log(`    (API process: open ${fmtMs(median(api.map((r) => r.openMs)))}, whole process ${fmtMs(median(api.map((r) => r.processMs)))})`);

const ok = verdict(`ratios against sha256sum (target ≤ ${TARGET.toFixed(1)}×)`, [
  { name: 'CLI register / sha256sum', ok: cliMs / shaMs <= TARGET, detail: `${(cliMs / shaMs).toFixed(2)}×` },
  { name: 'API register / sha256sum', ok: apiMs / shaMs <= TARGET, detail: `${(apiMs / shaMs).toFixed(2)}×` },
]);
process.exitCode = ok ? 0 : 1;
