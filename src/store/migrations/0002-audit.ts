import { sql, type Kysely, type Migration } from 'kysely';
import { notNull } from './_columns.js';

/** Audit tables (owner: audit/): the append-only chain and its one-row head. */
export function auditMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', notNull)
        .addColumn('actor', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('subject', 'text', notNull)
        .addColumn('details', 'text', notNull)
        .addColumn('prev_hash', 'text', notNull)
        .addColumn('hash', 'text', notNull)
        .execute();
      await db.schema.createIndex('audit_events_subject').on('audit_events').columns(['subject', 'seq']).execute();
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', notNull)
        .addColumn('hash', 'text', notNull)
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);
    },
  };
}

/** The hash the first event chains from. */
export const GENESIS_HASH = '0'.repeat(64);
