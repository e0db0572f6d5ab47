import type { Kysely, Migration } from 'kysely';
import { notNull } from './_columns.js';

/** Endpoints and their current serving plans (owner: rollout/). */
export function endpointsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('endpoints')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('revision', 'integer', notNull)
        .addColumn('plan', 'text', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('updated_at', 'text', notNull)
        .execute();
    },
  };
}
