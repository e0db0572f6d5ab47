import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/contract/index.js';
import { cliJson, expectFailure, runCli, tempDir, type RunCliOptions } from '../helpers/cli.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';

// Someone edits the audit table by hand, outside modelpilot: `audit verify` exits 1 with MP_AUDIT_BROKEN naming the
// first broken event. Editing a row and deleting the newest row are both detected.

/** Runs one SQL statement directly against the test database, the way a person with database access would. */
async function tamper(db: TestDatabase, statement: string): Promise<number> {
  if (db.kind === 'sqlite') {
    const conn = new Database(db.url);
    try {
      return conn.prepare(statement).run().changes;
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(statement)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe.concurrent.each(DATABASE_KINDS)('audit tamper detection on %s', (kind) => {
  let db: TestDatabase;
  let opts: RunCliOptions;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    opts = { home: tempDir('mp-cli-tamper-'), db: db.url, actor: 'ana' };
    await cliJson(['register', 'm', fixture('iris-logreg.onnx')], opts); // 1 model.create, 2 version.register
    await cliJson(['alias', 'set', 'm', 'stable', '1'], opts); // 3
    await cliJson(['approve', 'm/1', '--by', 'bob'], opts); // 4
  });
  afterAll(async () => {
    await db.drop();
  });

  // SQLite and PostgreSQL run side by side; the steps of each run in order.
  describe.sequential('in order', () => {
    it('an untouched chain verifies', async () => {
      expect(await cliJson(['audit', 'verify'], opts)).toMatchObject({ ok: true, events: 4 });
    });

    it('an edited row → exit 1, MP_AUDIT_BROKEN naming event 2', async () => {
      expect(await tamper(db, "update audit_events set actor = 'mallory' where seq = 2")).toBe(1);
      const [r, human] = await Promise.all([runCli(['audit', 'verify', '--json'], opts), runCli(['audit', 'verify'], opts)]);
      const line = expectFailure(r, 'MP_AUDIT_BROKEN');
      expect(line).toBe('error MP_AUDIT_BROKEN: audit chain broken at event 2: its content does not match its hash (the row was edited) — the audit table was edited outside modelpilot');
      expect(r.json()).toMatchObject({ error: { code: 'MP_AUDIT_BROKEN' } });
      expect(expectFailure(human, 'MP_AUDIT_BROKEN')).toBe(line);
      expect(human.stdout).toBe('');
      // audit list still shows what is there, including the edit
      const events = await cliJson<AuditEvent[]>(['audit', 'list'], opts);
      expect(events.find((e) => e.seq === 2)!.actor).toBe('mallory');
    });

    it('the edit undone → intact again; the newest row deleted → MP_AUDIT_BROKEN naming it', async () => {
      expect(await tamper(db, "update audit_events set actor = 'ana' where seq = 2")).toBe(1);
      expect(await cliJson(['audit', 'verify'], opts)).toMatchObject({ ok: true, events: 4 });
      expect(await tamper(db, 'delete from audit_events where seq = (select max(seq) from audit_events)')).toBe(1);
      const line = expectFailure(await runCli(['audit', 'verify'], opts), 'MP_AUDIT_BROKEN');
      expect(line).toMatch(/^error MP_AUDIT_BROKEN: audit chain broken at event 4: events after #3 were deleted/);
    });
  });
});
