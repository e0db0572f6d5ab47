/**
 * Issue 3, performance: the data plane serving the tree-ensemble fixture (breast-cancer-trees.onnx) over OIP v2.
 *
 * Every server runs pinned to core 0 (`taskset -c 0`), every load generator to core 1 (`taskset -c 1`), one after
 * the other in this one run, so the ratios compare servers that saw the same machine:
 *   bare       bench/_bare-server.mjs: node:http, parses the same JSON body, answers a fixed small JSON (baseline)
 *   lean       bench/_lean-ort-server.mjs: node:http + onnxruntime-node, one session.run per request
 *   mp s=0     `node dist/cli/main.js serve models:/bc/1 --sample-rate 0`
 *   mp s=def   the same with the default sample rate (DEFAULT_SERVE_OPTIONS.sampleRate): samples written to SQLite and
 *              folded into the monitor's windows, i.e. monitoring on (s=0 is monitoring off: nothing is sampled)
 * Peak requests/s: wrk (-t1 -c32, bench/wrk-post.lua posting a single-row body), WARMUP s of warm-up, then SECONDS s
 * measured. For each modelpilot configuration also: the p99 latency at half its own peak rate, from the fixed-rate
 * generator bench/_paced-load.mjs (wrk has no rate option; wrk2/autocannon are not installed); the rows/s of
 * 64-row requests (wrk) against the single-row rows/s; and the largest VmRSS of the server during all of that.
 * Targets (each modelpilot configuration): mp/bare ≥ 0.70, p99 at half peak ≤ 3 ms, 64-row rows/s ≥ 20× single-row
 * rows/s, RSS < 250 MB, and no failed request; monitoring (the default rate against 0, switched through the control
 * plane in one server, medians of 4 alternate peak runs each) costs ≤ 5% of peak requests/s. lean/bare is printed for reference. Exit 1 on a missed target, 2
 * when it cannot run (no dist/, wrk, taskset or GNU time).
 * Environment: MODELPILOT_BENCH_SECONDS (10), MODELPILOT_BENCH_WARMUP (3), MODELPILOT_BENCH_CONNECTIONS (32).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coreSnapshot, cpuShares, cpuSnapshot, freePort, hasCommand, http, loadAverages, othersShare, pinAllThreads, run, sampleRss, startPinned, threadsOffCore } from './_proc.mjs';
import { CLI, ROOT, requireBuild, tempDir, verdict } from './_lib.mjs';

const SECONDS = Number(process.env.MODELPILOT_BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.MODELPILOT_BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.MODELPILOT_BENCH_CONNECTIONS ?? 32);
const TARGET = { ratio: 0.7, p99Ms: 3, batchGain: 20, rssMb: 250, canaryCost: 0.15, monitoringCost: 0.05 };
const SERVER_CORE = 0;
const LOAD_CORE = 1;
const BATCH_ROWS = 64;
const FIXTURES = join(ROOT, 'test', 'fixtures');
const MODEL = join(FIXTURES, 'breast-cancer-trees.onnx');

requireBuild();
for (const [tool, pkg] of [['wrk', 'wrk'], ['taskset', 'util-linux'], ['/usr/bin/time', 'time']]) {
  if (!hasCommand(tool)) {
    console.error(`${tool} is missing — install it with: apt-get install -y ${pkg}`);
    process.exit(2);
  }
}

const dir = tempDir('serve');
const home = join(dir, 'home');
const holdout = readFileSync(join(FIXTURES, 'breast-cancer-holdout.csv'), 'utf8').trim().split('\n').slice(1);
const features = (n) => holdout.slice(0, n).map((line) => line.split(',').slice(0, 30).map(Number));
const bodyFile = (name, rows) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ inputs: [{ name: 'input', shape: [rows.length, 30], datatype: 'FP32', data: rows.flat() }] }));
  return path;
};
const single = bodyFile('single.json', features(1));
const batch = bodyFile('batch64.json', features(BATCH_ROWS));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'))['breast-cancer-trees.onnx'];

await run(process.execPath, [CLI, '--home', home, '--actor', 'bench', 'register', 'bc', MODEL, '--reference', join(FIXTURES, 'breast-cancer-train.csv'), '--target', 'target']);
// v2, the same model again: the canary case splits 10% to it and mirrors stable's requests to it.
await run(process.execPath, [CLI, '--home', home, '--actor', 'bench', 'register', 'bc', MODEL, '--reference', join(FIXTURES, 'breast-cancer-train.csv'), '--target', 'target']);

const started = [];
process.on('exit', () => started.forEach((s) => s.kill()));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const load0 = loadAverages();
console.log(`serve: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${SECONDS} s per measurement; servers on core ${SERVER_CORE}, load on core ${LOAD_CORE}`);
console.log(`load averages at start: ${load0.text} (2 cores)`);

/**
 * Runs a load generator pinned to LOAD_CORE under GNU time; returns its stdout and the share of LOAD_CORE that
 * other processes took meanwhile (core busy time minus the generator's own user+sys time).
 */
async function loadGenerator(argv, options = {}) {
  const before = coreSnapshot(LOAD_CORE);
  const { stdout, stderr } = await run('taskset', ['-c', String(LOAD_CORE), '/usr/bin/time', '-f', 'TIME_CPU %U %S', ...argv], options);
  const [user, sys] = (/TIME_CPU (\S+) (\S+)/.exec(stderr) ?? [0, 0, 0]).slice(1).map(Number);
  return { stdout, othersLoad: othersShare(before, coreSnapshot(LOAD_CORE), user + sys) };
}

/** wrk against `url` for `seconds`; the WRK_JSON line of bench/wrk-post.lua, parsed. */
async function wrk(url, body, seconds) {
  const argv = ['wrk', '-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '-s', join(ROOT, 'bench', 'wrk-post.lua'), url];
  const { stdout, othersLoad } = await loadGenerator(argv, { env: { ...process.env, WRK_BODY_FILE: body } });
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no WRK_JSON line:\n${stdout}`);
  const r = JSON.parse(line.slice('WRK_JSON '.length));
  const e = r.errors;
  return { rps: r.requests / (r.duration_us / 1e6), p50Ms: r.latency_us.p50 / 1000, p99Ms: r.latency_us.p99 / 1000, failed: e.connect + e.read + e.write + e.status + e.timeout, requests: r.requests, othersLoad };
}

/** Warm-up, then one measured wrk run while sampling the server's RSS and who else used its core. */
async function measure(server, url, body, rows) {
  await wrk(url, body, WARMUP);
  const before = cpuSnapshot(server.pid, SERVER_CORE);
  const stopRss = sampleRss(server.pid);
  const r = await wrk(url, body, SECONDS);
  const rss = stopRss();
  const shares = cpuShares(before, cpuSnapshot(server.pid, SERVER_CORE));
  return { ...r, rowsPerSec: r.rps * rows, rssMb: rss, ...shares };
}

/** Warm-up and measured run of the fixed-rate generator at `rate` requests/s. */
async function paced(server, url, rate) {
  const stopRss = sampleRss(server.pid);
  const before = cpuSnapshot(server.pid, SERVER_CORE);
  const argv = [process.execPath, join(ROOT, 'bench', '_paced-load.mjs'), url, String(rate), String(SECONDS), String(WARMUP), String(CONNECTIONS), single];
  const { stdout, othersLoad } = await loadGenerator(argv);
  const shares = cpuShares(before, cpuSnapshot(server.pid, SERVER_CORE));
  const line = stdout.split('\n').find((l) => l.startsWith('PACED_JSON '));
  if (!line) throw new Error(`_paced-load printed no PACED_JSON line:\n${stdout}`);
  return { ...JSON.parse(line.slice('PACED_JSON '.length)), rssMb: stopRss(), ...shares, othersLoad };
}

const listening = (output) => Promise.resolve(/listening \d+/.test(output));
const portOf = (server) => Number(/listening (\d+)/.exec(server.output())[1]);

async function withServer(name, argv, ready, body) {
  const server = await startPinned(name, SERVER_CORE, argv, ready, { cwd: dir });
  started.push(server);
  try {
    const moved = pinAllThreads(server.pid, SERVER_CORE);
    if (moved.length > 0) console.log(`${name}: ${moved.length} thread(s) had set their own affinity (${moved.map((t) => `cpus ${t.allowed}`).join(', ')}: onnxruntime's pool); re-pinned to core ${SERVER_CORE}`);
    const result = await body(server);
    const escaped = threadsOffCore(server.pid, SERVER_CORE);
    if (escaped.length > 0) throw new Error(`${name}: threads left core ${SERVER_CORE} during the run: ${JSON.stringify(escaped)}`);
    return result;
  } finally {
    await server.stop();
  }
}

/** Checks one answer of a model server against sklearn's first-row label (expected.json). */
async function checkAnswer(url) {
  const r = await http(url, 'POST', readFileSync(single, 'utf8'));
  const label = JSON.parse(r.body).outputs?.find((o) => o.name === 'label')?.data?.[0];
  if (r.status !== 200 || label !== EXPECTED.first_row_label) throw new Error(`${url} answered ${r.status} ${r.body.slice(0, 300)}; sklearn's label is ${EXPECTED.first_row_label}`);
}

const results = {};

results.bare = await withServer('bare', [process.execPath, join(ROOT, 'bench', '_bare-server.mjs'), '0'], listening, async (s) =>
  measure(s, `http://127.0.0.1:${portOf(s)}/v2/models/bc/infer`, single, 1),
);

results.lean = await withServer('lean', [process.execPath, join(ROOT, 'bench', '_lean-ort-server.mjs'), MODEL, '0'], listening, async (s) => {
  const url = `http://127.0.0.1:${portOf(s)}/v2/models/bc/infer`;
  await checkAnswer(url);
  return measure(s, url, single, 1);
});

for (const [key, rate] of [['mp0', ['--sample-rate', '0']], ['mpDefault', []]]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [process.execPath, CLI, '--home', home, 'serve', 'models:/bc/1', '--port', String(port), ...rate];
  const ready = async () => (await http(`${url}/v2/health/ready`)).status === 200;
  results[key] = await withServer(key, argv, ready, async (s) => {
    const infer = `${url}/v2/models/bc/infer`;
    await checkAnswer(infer);
    const peak = await measure(s, infer, single, 1);
    const half = await paced(s, infer, Math.round(peak.rps / 2));
    const rows64 = await measure(s, infer, batch, BATCH_ROWS);
    return { peak, half, rows64, rssMb: Math.max(peak.rssMb, half.rssMb, rows64.rssMb) };
  });
}
// The canary case: a 10% split plus 100% mirroring (a rollout held at a pause), against the single version in the
// same server process (separate processes differ by up to ±10% here): CANARY_RUNS alternations of single version →
// start the canary → measure → abort it → measure again; medians of both.
const CANARY_RUNS = 3;
{
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [process.execPath, CLI, '--home', home, 'serve', 'models:/bc/1', '--port', String(port), '--sample-rate', '0'];
  const ready = async () => (await http(`${url}/v2/health/ready`)).status === 200;
  const planOf = async () => JSON.parse((await http(`${url}/api/v1/endpoints/bc`)).body).plan;
  const until = async (what, check) => {
    for (let i = 0; i < 100; i++) {
      if (check(await planOf())) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the plan never became ${what}: ${JSON.stringify(await planOf())}`);
  };
  results.canaryRuns = await withServer('canary', argv, ready, async (s) => {
    const runs = { single: [], canary: [] };
    const spec = { model: 'bc/2', endpoint: 'bc', strategy: 'canary', steps: [{ setWeight: 10 }, { setMirror: 100 }, { pause: {} }], onSuccess: {} };
    for (let i = 0; i < CANARY_RUNS; i++) {
      runs.single.push(await measure(s, `${url}/v2/models/bc/infer`, single, 1));
      const started = await http(`${url}/api/v1/rollouts`, 'POST', JSON.stringify(spec));
      if (started.status !== 201) throw new Error(`could not start the canary: ${started.status} ${started.body.slice(0, 300)}`);
      await until('10% + mirror 100%', (plan) => plan.mirrorPercent === 100 && plan.versions.some((v) => v.role === 'canary' && v.weight === 10));
      runs.canary.push(await measure(s, `${url}/v2/models/bc/infer`, single, 1));
      const aborted = await http(`${url}/api/v1/rollouts/bc/abort`, 'POST');
      if (aborted.status !== 200) throw new Error(`could not abort the canary: ${aborted.status} ${aborted.body.slice(0, 300)}`);
      await until('the single version', (plan) => plan.mirrorPercent === 0 && !plan.versions.some((v) => v.role === 'canary'));
    }
    return runs;
  });
  const middle = (rs) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)];
  results.canary = middle(results.canaryRuns.canary);
  results.canarySingle = middle(results.canaryRuns.single);
}
// Monitoring on against off, in one server process: peaks of separate processes of one configuration differ by up to
// ±10% here, more than the 5% being measured. The sampling rate is switched through the control plane
// (PUT /api/v1/monitoring/sampling) between 0 and the default, MONITORING_RUNS times each, alternately.
const MONITORING_RUNS = 4;
const monitoringPeaks = { mp0: [], mpDefault: [] };
{
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [process.execPath, CLI, '--home', home, 'serve', 'models:/bc/1', '--port', String(port), '--sample-rate', '0'];
  const defaultRate = (await import(pathToFileURL(join(ROOT, 'dist', 'app', 'index.js')).href)).DEFAULT_SERVE_OPTIONS.sampleRate;
  await withServer('monitoring on/off', argv, async () => (await http(`${url}/v2/health/ready`)).status === 200, async (s) => {
    for (let i = 0; i < MONITORING_RUNS; i++) {
      for (const [key, rate] of [['mp0', 0], ['mpDefault', defaultRate]]) {
        const set = await http(`${url}/api/v1/monitoring/sampling`, 'PUT', JSON.stringify({ rate }));
        if (set.status !== 200) throw new Error(`could not set the sampling rate: ${set.status} ${set.body}`);
        monitoringPeaks[key].push((await measure(s, `${url}/v2/models/bc/infer`, single, 1)).rps);
      }
    }
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load1 = loadAverages();

const { bare, lean, mp0, mpDefault, canary } = results;
const n0 = (x) => Math.round(x).toLocaleString('en');
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const row = (name, r, extra = '') =>
  `  ${name.padEnd(26)} ${n0(r.rps).padStart(8)} req/s ${n0(r.rowsPerSec).padStart(10)} rows/s  p50 ${r.p50Ms.toFixed(2).padStart(6)} ms  p99 ${r.p99Ms.toFixed(2).padStart(6)} ms  RSS ${r.rssMb.toFixed(0).padStart(4)} MB  server CPU ${pct(r.ours).padStart(4)} (${n0(r.rps / r.ours).padStart(6)} req/CPU-s)  others on core0/1 ${pct(r.others).padStart(4)}/${pct(r.othersLoad).padStart(4)}  failed ${r.failed}${extra}`;
console.log('\nclosed loop (wrk, 32 connections), measured runs:');
console.log(row('bare node:http', bare));
console.log(row('lean node:http + ort', lean));
for (const [key, label] of [['mp0', 'modelpilot --sample-rate 0'], ['mpDefault', 'modelpilot (default rate)']]) {
  const m = results[key];
  console.log(row(label, m.peak));
  console.log(row(`  ${BATCH_ROWS}-row requests`, m.rows64));
}
console.log(row('canary 10% + mirror 100%', canary));
console.log('\nfixed rate (bench/_paced-load.mjs) at half of each modelpilot peak; latency from each request\'s due time:');
for (const [key, label] of [['mp0', 'modelpilot --sample-rate 0'], ['mpDefault', 'modelpilot (default rate)']]) {
  const h = results[key].half;
  console.log(`  ${label.padEnd(26)} asked ${n0(h.rate)}/s got ${n0(h.achievedRate)}/s  p50 ${h.latencyMs.p50.toFixed(2)} ms  p99 ${h.latencyMs.p99.toFixed(2)} ms  p99.9 ${h.latencyMs.p999.toFixed(2)} ms  (service p99 ${h.serviceMs.p99.toFixed(2)} ms)  non-200 ${h.non200}  unanswered at give-up ${h.unsent + h.inFlightAtEnd}  RSS ${h.rssMb.toFixed(0)} MB  others on core0/1 ${pct(h.others)}/${pct(h.othersLoad)}`);
}
console.log(`\nratios: lean/bare ${(lean.rps / bare.rps).toFixed(2)}  mp(s=0)/bare ${(mp0.peak.rps / bare.rps).toFixed(2)}  mp(default)/bare ${(mpDefault.peak.rps / bare.rps).toFixed(2)}  mp/lean ${(mp0.peak.rps / lean.rps).toFixed(2)}`);
const perCpu = (r) => r.rps / r.ours;
console.log(`per server CPU-second (less sensitive to other work on core ${SERVER_CORE}; not a target): lean/bare ${(perCpu(lean) / perCpu(bare)).toFixed(2)}  mp(s=0)/bare ${(perCpu(mp0.peak) / perCpu(bare)).toFixed(2)}  mp(default)/bare ${(perCpu(mpDefault.peak) / perCpu(bare)).toFixed(2)}`);
console.log(`load averages: ${load0.text} at start, ${load1.text} at end (2 cores; above ~2 means other work shared the cores)`);
const runs = [bare, lean, mp0.peak, mp0.half, mp0.rows64, mpDefault.peak, mpDefault.half, mpDefault.rows64, canary];
const busiest = Math.max(...runs.flatMap((r) => [r.others, r.othersLoad]));
if (busiest > 0.1) console.log(`warning: other processes took up to ${pct(busiest)} of a pinned core during a measured run — the numbers are contaminated`);

const checks = [];
for (const [key, label] of [['mp0', 'sample rate 0'], ['mpDefault', 'default sample rate']]) {
  const m = results[key];
  const ratio = m.peak.rps / bare.rps;
  const gain = m.rows64.rowsPerSec / m.peak.rowsPerSec;
  // Paced requests still queued or in flight when the generator gave up did not fail: the p99 check shows them.
  const failed = m.peak.failed + m.rows64.failed + m.half.non200;
  checks.push(
    { name: `${label}: modelpilot/bare requests/s ≥ ${TARGET.ratio}`, ok: ratio >= TARGET.ratio, detail: `${ratio.toFixed(2)} (${n0(m.peak.rps)} / ${n0(bare.rps)})` },
    { name: `${label}: p99 at half peak ≤ ${TARGET.p99Ms} ms`, ok: m.half.latencyMs.p99 <= TARGET.p99Ms, detail: `${m.half.latencyMs.p99.toFixed(2)} ms at ${n0(m.half.rate)}/s` },
    { name: `${label}: ${BATCH_ROWS}-row rows/s ≥ ${TARGET.batchGain}× single-row rows/s`, ok: gain >= TARGET.batchGain, detail: `${gain.toFixed(1)}× (${n0(m.rows64.rowsPerSec)} / ${n0(m.peak.rowsPerSec)})` },
    { name: `${label}: server RSS under load < ${TARGET.rssMb} MB`, ok: m.rssMb < TARGET.rssMb, detail: `${m.rssMb.toFixed(0)} MB` },
    { name: `${label}: no failed request`, ok: failed === 0, detail: `${failed}` },
  );
}
const canaryCost = 1 - canary.rps / results.canarySingle.rps;
const monitoringCost = 1 - median(monitoringPeaks.mpDefault) / median(monitoringPeaks.mp0);
checks.push(
  { name: `monitoring on (default sample rate, windows) costs ≤ ${TARGET.monitoringCost * 100}% of peak requests/s (one process, medians of ${MONITORING_RUNS} alternate runs)`, ok: monitoringCost <= TARGET.monitoringCost, detail: `${pct(monitoringCost)} (${n0(median(monitoringPeaks.mpDefault))} / ${n0(median(monitoringPeaks.mp0))}; on ${monitoringPeaks.mpDefault.map(n0).join(', ')}, off ${monitoringPeaks.mp0.map(n0).join(', ')})` },
  { name: `canary (10% split + 100% mirroring) costs ≤ ${TARGET.canaryCost * 100}% of single-version requests/s (one process, medians of ${CANARY_RUNS})`, ok: canaryCost <= TARGET.canaryCost, detail: `${pct(canaryCost)} (${n0(canary.rps)} / ${n0(results.canarySingle.rps)}; canary ${results.canaryRuns.canary.map((r) => n0(r.rps)).join(', ')}, single ${results.canaryRuns.single.map((r) => n0(r.rps)).join(', ')})` },
  { name: 'canary: no failed request', ok: [...results.canaryRuns.canary, ...results.canaryRuns.single].every((r) => r.failed === 0), detail: `${[...results.canaryRuns.canary, ...results.canaryRuns.single].reduce((n, r) => n + r.failed, 0)}` },
);
const ok = verdict('serve targets:', checks);
process.exitCode = ok ? 0 : 1;
