import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth); tests make and drop their own databases on it. */
export const PG_ADMIN_URL = process.env['MODELPILOT_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, empty SQLite file in a new temp folder. */
export function freshSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'mp-test-'));
  return { kind: 'sqlite', url: join(dir, 'modelpilot.db'), drop: async () => undefined };
}

let counter = 0;

/** A fresh, empty PostgreSQL database, dropped (with its connections) by `drop()`. */
export async function freshPostgres(): Promise<TestDatabase> {
  const name = `mp_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin(`create database ${name}`);
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return { kind: 'postgres', url, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Both kinds, for `describe.each` contract suites. */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

export function freshDatabase(kind: (typeof DATABASE_KINDS)[number]): Promise<TestDatabase> {
  return kind === 'sqlite' ? Promise.resolve(freshSqlite()) : freshPostgres();
}
