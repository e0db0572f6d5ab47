import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../store.js';
import { notNull, withId } from './_columns.js';

/** Sampled predictions from the data plane (owner: monitoring/). */
export function samplesMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('prediction_samples'), dialect)
        .addColumn('endpoint', 'text', notNull)
        .addColumn('model', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('request_id', 'text', notNull)
        .addColumn('at', 'text', notNull)
        .addColumn('latency_ms', 'real', notNull)
        .addColumn('inputs', 'text', notNull)
        .addColumn('outputs', 'text', notNull)
        .execute();
      await db.schema.createIndex('prediction_samples_endpoint_at').on('prediction_samples').columns(['endpoint', 'at']).execute();
      await db.schema.createIndex('prediction_samples_request').on('prediction_samples').columns(['request_id']).execute();
    },
  };
}
