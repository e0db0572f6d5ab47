import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The compiled CLI entry point (`npm run build` writes it; `npm test` builds before vitest). */
export const CLI_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** How long one CLI process may run before the helper kills it and fails the test. */
export const CLI_TIMEOUT_MS = 30_000;

export interface RunCliOptions {
  /** `--home <dir>`. */
  readonly home?: string;
  /** `--db <url>`. */
  readonly db?: string;
  /** `--actor <who>`. */
  readonly actor?: string;
  /** Extra environment on top of the test's (every MODELPILOT_* variable of the test process is removed first). */
  readonly env?: Record<string, string>;
  /** Working directory (default: a temp folder, so a forgotten --home never writes into the repository). */
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON document; throws (with the output) when stdout is anything else. */
  json<T = unknown>(): T;
}

let defaultCwd: string | undefined;

/**
 * Runs `node dist/cli/main.js [--home H] [--db URL] [--actor A] …args` as a real child process.
 * Resolves with its exit code and output; rejects when it does not finish within the timeout.
 * @example const r = await runCli(['models', 'list', '--json'], { home }); expect(r.code).toBe(0);
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  const global = [
    ...(options.home !== undefined ? ['--home', options.home] : []),
    ...(options.db !== undefined ? ['--db', options.db] : []),
    ...(options.actor !== undefined ? ['--actor', options.actor] : []),
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MODELPILOT_')) env[k] = v;
  Object.assign(env, options.env ?? {});
  const cwd = options.cwd ?? (defaultCwd ??= mkdtempSync(join(tmpdir(), 'mp-cli-cwd-')));
  const timeoutMs = options.timeoutMs ?? CLI_TIMEOUT_MS;
  const command = ['modelpilot', ...global, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...global, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`${command}\` did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout,
        stderr,
        json<T>(): T {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`\`${command}\` did not print pure JSON on stdout (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`);
          }
        },
      });
    });
  });
}

/**
 * Runs a command that must succeed (exit 0, nothing on stderr) with `--json` and returns its parsed stdout.
 * @example const versions = await cliJson<{ version: number }[]>(['versions', 'list', 'fraud'], { home });
 */
export async function cliJson<T>(args: readonly string[], options: RunCliOptions = {}): Promise<T> {
  const r = await runCli([...args, '--json'], options);
  if (r.code !== 0 || r.stderr !== '') throw new Error(`\`modelpilot ${args.join(' ')} --json\` failed (exit ${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.json<T>();
}

/** A fresh, empty temp folder (a modelpilot home, or a place for policy files). */
export function tempDir(prefix = 'mp-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` to `name` inside `dir` and returns the file's path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Number of blobs in a home's content-addressed artifact store (`<home>/artifacts/sha256/xx/…`). */
export function countBlobs(home: string): number {
  const root = join(home, 'artifacts', 'sha256');
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const prefix of readdirSync(root)) {
    for (const name of readdirSync(join(root, prefix))) if (statSync(join(root, prefix, name)).isFile()) n++;
  }
  return n;
}

/** The lines of a stream's text, without the final newline's empty line. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
}

/**
 * Asserts the CLI failed the documented way: the exit code, and on stderr exactly one line `error <code>: …`.
 * Returns that line for further checks. Throws with the whole output when it does not hold.
 */
export function expectFailure(r: CliResult, code: string, exitCode = 1): string {
  const errLines = lines(r.stderr);
  const ok = r.code === exitCode && errLines.length === 1 && errLines[0]!.startsWith(`error ${code}: `);
  if (!ok) {
    throw new Error(`expected exit ${exitCode} and one stderr line 'error ${code}: …', got exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return errLines[0]!;
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes) into header + records.
 * Written here, independently of src/core/csv.ts, so a bug there cannot hide one in the CLI's CSV.
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  const [header, ...records] = rows;
  if (!header) return [];
  return records.map((r) => {
    if (r.length !== header.length) throw new Error(`CSV record has ${r.length} fields, header has ${header.length}: ${r.join(',')}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
  });
}

/** Everything a home holds: every row of every table of its SQLite file, and every file under artifacts/. */
export interface HomeState {
  readonly tables: Record<string, unknown[]>;
  readonly files: string[];
}

/**
 * Reads a home's SQLite file directly (read-only) and lists its artifact files, to prove a failed command wrote nothing.
 * @example const before = homeState(home); await runCli([...]); expect(homeState(home)).toEqual(before);
 */
export function homeState(home: string): HomeState {
  const db = new Database(join(home, 'modelpilot.db'), { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all() as string[];
    const tables = Object.fromEntries(names.map((n) => [n, db.prepare(`select * from "${n}" order by rowid`).all()]));
    return { tables, files: listFiles(join(home, 'artifacts')) };
  } finally {
    db.close();
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
