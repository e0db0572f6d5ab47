/**
 * Process helpers for bench/serve.mjs: pinned servers, async child runs, resident memory and CPU accounting from
 * /proc (Linux only), and the machine's load averages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** True when `command` is on the PATH. */
export const hasCommand = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** `uptime`'s three load averages, from /proc/loadavg. */
export function loadAverages() {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return { one, five, fifteen, text: `${one.toFixed(2)}, ${five.toFixed(2)}, ${fifteen.toFixed(2)}` };
}

/** VmRSS of a live process in MB, or null once it is gone. */
export function rssMb(pid) {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return null;
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(path, 'utf8'))?.[1]);
  return Number.isFinite(kb) ? kb / 1024 : null;
}

/** Samples VmRSS every `everyMs` until `stop()`, which returns the largest value seen (MB). */
export function sampleRss(pid, everyMs = 200) {
  let max = rssMb(pid) ?? 0;
  const timer = setInterval(() => (max = Math.max(max, rssMb(pid) ?? 0)), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(max, rssMb(pid) ?? 0);
  };
}

/** CPU seconds used so far by one process (all its threads) and by one core (every process on it). */
export function cpuSnapshot(pid, core) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const proc = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  const busy = (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  return { proc, busy, total: busy + (idle + iowait) / TICKS_PER_SECOND, at: performance.now() };
}

/** Busy and total CPU seconds of one core so far (every process on it). */
export function coreSnapshot(core) {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  const busy = (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  return { busy, total: busy + (idle + iowait) / TICKS_PER_SECOND, at: performance.now() };
}

/** The share of a core that processes other than one using `cpuSeconds` of it took between two snapshots. */
export function othersShare(before, after, cpuSeconds) {
  const wall = (after.at - before.at) / 1000 || 1;
  return Math.max(0, (after.busy - before.busy - cpuSeconds) / wall);
}

/**
 * Between two snapshots: the share of the core our process used, and the share everything else used
 * (other sessions' work on the same core: the contamination of the measurement).
 */
export function cpuShares(before, after) {
  // Wall time, not the core's busy+idle ticks: in this VM idle time is under-counted, which would inflate shares.
  const wall = (after.at - before.at) / 1000 || 1;
  const ours = (after.proc - before.proc) / wall;
  const core = (after.busy - before.busy) / wall;
  return { ours, others: Math.max(0, core - ours) };
}

/** Runs a command to completion without blocking the event loop; resolves with its output, rejects on failure. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr || stdout}`))));
  });
}

/** One HTTP call on a fresh connection. */
export function http(url, method = 'GET', body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (s) => (text += s));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Starts `argv` pinned with `taskset -c <core>` and resolves once `ready()` holds (polled every 100 ms).
 * `taskset` execs the command, so the pid is the server's own. `stop()` sends SIGTERM and waits for the exit.
 */
export async function startPinned(name, core, argv, ready, { timeoutMs = 60_000, ...options } = {}) {
  const child = spawn('taskset', ['-c', String(core), ...argv], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s) => (output += s));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  void exited.then((e) => (gone = e));
  const deadline = performance.now() + timeoutMs;
  while (!(await ready(output).catch(() => false))) {
    if (gone) throw new Error(`${name} exited (${gone.code ?? gone.signal}) before it was ready:\n${output}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const e = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(null), 35_000))]);
      if (e === null) child.kill('SIGKILL');
      return e;
    },
    kill: () => gone || child.kill('SIGKILL'),
  };
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Threads of `pid` allowed on something other than exactly `core` (from /proc/<pid>/task/<tid>/status). */
export function threadsOffCore(pid, core) {
  const off = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))?.[1];
    if (allowed !== String(core)) off.push({ tid: Number(tid), allowed });
  }
  return off;
}

/**
 * Pins every thread of `pid` to `core` and returns the threads that were elsewhere. Needed because onnxruntime
 * sets the affinity of its intra-op pool threads itself (one per core), ignoring the mask `taskset` started the
 * process with: without this the server's inference thread runs on the load generator's core.
 */
export function pinAllThreads(pid, core) {
  const off = threadsOffCore(pid, core);
  if (off.length > 0) spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
  const still = threadsOffCore(pid, core);
  if (still.length > 0) throw new Error(`could not pin threads ${JSON.stringify(still)} of ${pid} to core ${core}`);
  return off;
}
