import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../src/contract/index.js';
import { cliJson, countBlobs, expectFailure, homeState, runCli, tempDir, type RunCliOptions } from '../helpers/cli.js';
import { PG_ADMIN_URL } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';

// The database is unreachable, missing, of an unsupported kind, or locked by another process: exit 1 with the
// right MP code, quickly, and nothing written.

const FILE = fixture('breast-cancer-logreg.onnx');
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/** The test server's URL naming another database (as freshPostgres() builds it). */
const pgUrl = (db: string): string => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);

describe('database unreachable', () => {
  // Alone, not among concurrent tests, so that the time it takes is its own. It is compared with a command that
  // succeeds on SQLite under the same load: failing must not take seconds more (the connect timeout is 5 s).
  it('a PostgreSQL server that does not answer → MP_STORE_UNREACHABLE within a few seconds, nothing stored', async () => {
    const home = tempDir('mp-cli-unreachable-');
    const control = await timed(() => runCli(['models', 'list'], { home: tempDir() }));
    expect(control.result.code).toBe(0);
    const { ms, result: r } = await timed(() => runCli(['register', 'm', FILE], { home, db: 'postgres://postgres@127.0.0.1:1/nope' }));
    expect(ms).toBeLessThan(control.ms + 2_500);
    expect(expectFailure(r, 'MP_STORE_UNREACHABLE')).toContain('database postgres://postgres@127.0.0.1:1/nope is unreachable');
    expect(countBlobs(home)).toBe(0);
  });
});

describe.concurrent('database missing or not supported', () => {
  it('a PostgreSQL database that does not exist → MP_STORE_UNREACHABLE naming it', async ({ expect }) => {
    const name = `mp_missing_${process.pid}`;
    const r = await runCli(['models', 'list', '--json'], { home: tempDir(), db: pgUrl(name) });
    expect(expectFailure(r, 'MP_STORE_UNREACHABLE')).toContain(`database "${name}" does not exist`);
    expect(r.json()).toMatchObject({ error: { code: 'MP_STORE_UNREACHABLE' } });
  });

  it('a password in the URL is not printed', async ({ expect }) => {
    const r = await runCli(['models', 'list'], { home: tempDir(), db: 'postgres://postgres:s3cret@127.0.0.1:1/nope' });
    expectFailure(r, 'MP_STORE_UNREACHABLE');
    expect(r.stderr).not.toContain('s3cret');
  });

  it.for(['mysql://x'])('an unsupported URL %s → MP_STORE_URL_INVALID', async (url, { expect }) => {
    const r = await runCli(['models', 'list'], { home: tempDir(), db: url });
    expect(expectFailure(r, 'MP_STORE_URL_INVALID')).toContain(`database URL '${url}' is not supported`);
  });

  it('the same through MODELPILOT_DB', async ({ expect }) => {
    const r = await runCli(['models', 'list'], { home: tempDir(), env: { MODELPILOT_DB: 'mysql://x' } });
    expectFailure(r, 'MP_STORE_URL_INVALID');
    expect(r.stdout).toBe('');
  });
});

describe('SQLite locked by another process', () => {
  let home: string;
  let opts: RunCliOptions;
  let holder: Database.Database | undefined;

  beforeAll(async () => {
    home = tempDir('mp-cli-locked-');
    opts = { home, actor: 'ana', env: { MODELPILOT_SQLITE_BUSY_TIMEOUT_MS: '300' } };
    await cliJson(['register', 'm', fixture('iris-logreg.onnx')], opts);
  });
  afterEach(() => {
    if (holder?.inTransaction) holder.exec('ROLLBACK');
    holder?.close();
    holder = undefined;
  });

  it('register → exit 1 MP_STORE_LOCKED after the busy timeout; no partial state; a retry succeeds', async () => {
    const before = homeState(home);
    holder = new Database(join(home, 'modelpilot.db'));
    holder.exec('BEGIN EXCLUSIVE');
    const locked = await timed(() => runCli(['register', 'm', FILE, '--metric', 'accuracy=0.9'], opts));
    expect(expectFailure(locked.result, 'MP_STORE_LOCKED')).toContain('is locked by another process — retry');
    holder.exec('ROLLBACK');
    holder.close();
    holder = undefined;

    expect(homeState(home)).toEqual(before);
    const retry = await timed(() => cliJson<ModelVersion>(['register', 'm', FILE, '--metric', 'accuracy=0.9'], opts));
    expect(retry.result).toMatchObject({ version: 2, metrics: { accuracy: 0.9 } });
    // It waited for the lock as configured (300 ms), not for the 15 s default: about as long as the retry took.
    expect(locked.ms).toBeGreaterThanOrEqual(300);
    expect(locked.ms).toBeLessThan(retry.ms + 3_000);
    const after = homeState(home);
    expect(after.tables['audit_events']).toHaveLength(before.tables['audit_events']!.length + 1);
    expect(after.tables['model_versions']).toHaveLength(2);
    expect(countBlobs(home)).toBe(2);
  });
});
