import type { Kysely, Migration } from 'kysely';
import { notNull } from './_columns.js';

/** Rollouts and their persisted snapshots (owner: rollout/). */
export function rolloutsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rollouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('endpoint', 'text', notNull)
        .addColumn('phase', 'text', notNull)
        .addColumn('snapshot', 'text', notNull)
        .addColumn('row_version', 'integer', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('updated_at', 'text', notNull)
        .execute();
      await db.schema.createIndex('rollouts_endpoint').on('rollouts').columns(['endpoint', 'created_at']).execute();
      await db.schema.createIndex('rollouts_phase').on('rollouts').columns(['phase']).execute();
    },
  };
}
