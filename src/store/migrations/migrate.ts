import { sql, type Kysely, type Migration } from 'kysely';
import type { Store, StoreDialect } from '../store.js';
import { registryMigration } from './0001-registry.js';
import { auditMigration } from './0002-audit.js';
import { endpointsMigration } from './0003-endpoints.js';
import { samplesMigration } from './0004-samples.js';
import { validationsMigration } from './0005-validations.js';
import { rolloutsMigration } from './0006-rollouts.js';
import { monitoringMigration } from './0007-monitoring.js';

/** Numbered migrations, applied in name order. Append only: never edit one that has shipped. */
function migrations(dialect: StoreDialect): [string, Migration][] {
  return [
    ['0001-registry', registryMigration(dialect)],
    ['0002-audit', auditMigration()],
    ['0003-endpoints', endpointsMigration()],
    ['0004-samples', samplesMigration(dialect)],
    ['0005-validations', validationsMigration(dialect)],
    ['0006-rollouts', rolloutsMigration()],
    ['0007-monitoring', monitoringMigration()],
  ];
}

/**
 * Brings the schema up to date in one transaction, so several processes starting at once on a fresh
 * database apply each migration exactly once (SQLite: the write lock taken at BEGIN; PostgreSQL: an
 * advisory lock held until commit).
 */
export async function migrateToLatest(store: Store, appliedAt: string): Promise<string[]> {
  // A read first: when nothing is pending, opening the store takes no write lock (reads never queue behind writers).
  if (await upToDate(store)) return [];
  return store.transaction(async (trx) => {
    const db = trx as unknown as Kysely<unknown>;
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(727001)`.execute(db);
    await sql`create table if not exists schema_migrations (name text primary key, applied_at text not null)`.execute(db);
    const done = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
    const applied = new Set(done.rows.map((r) => r.name));
    const ran: string[] = [];
    for (const [name, migration] of migrations(store.dialect)) {
      if (applied.has(name)) continue;
      await migration.up(db);
      await sql`insert into schema_migrations (name, applied_at) values (${name}, ${appliedAt})`.execute(db);
      ran.push(name);
    }
    return ran;
  });
}

async function upToDate(store: Store): Promise<boolean> {
  try {
    const done = await store.query((db) => sql<{ name: string }>`select name from schema_migrations`.execute(db));
    const applied = new Set(done.rows.map((r) => r.name));
    return migrations(store.dialect).every(([name]) => applied.has(name));
  } catch {
    return false;
  }
}
