/**
 * Shared helpers for the benchmarks: timing, medians, child processes, peak RSS and the pass/fail verdict.
 * Benchmarks import the compiled package from dist/ (run `npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const GNU_TIME = '/usr/bin/time';

/** Fails early, with the fix, when dist/ is missing. */
export function requireBuild() {
  if (!existsSync(CLI)) {
    console.error('dist/ is missing — run `npm run build` first (or `npm run bench`, which builds)');
    process.exit(2);
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A fresh temp folder, removed at exit unless MODELPILOT_BENCH_KEEP is set. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `mp-bench-${prefix}-`));
  if (!process.env.MODELPILOT_BENCH_KEEP) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a command to completion and measures its wall time (ms) and, with GNU time, its peak RSS (MB).
 * Throws with the command's stderr when it fails.
 */
export function timeProcess(command, args, options = {}) {
  const rssFile = join(tmpdir(), `mp-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - started;
  let peakRssMb = null;
  if (useTime && existsSync(rssFile)) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    peakRssMb = Number.isFinite(kb) ? kb / 1024 : null;
    rmSync(rssFile, { force: true });
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.error?.message || ''}`);
  }
  return { ms, peakRssMb, stdout: result.stdout };
}

/** Times an async function once (ms). */
export async function timeAsync(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
export const fmtList = (list) => `[${list.map((ms) => ms.toFixed(1)).join(', ')}]`;

/**
 * Prints the verdict lines and returns whether every target held.
 * @param {{ name: string, ok: boolean, detail: string }[]} checks
 */
export function verdict(title, checks) {
  console.log(`\n${title}`);
  for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  return checks.every((c) => c.ok);
}
