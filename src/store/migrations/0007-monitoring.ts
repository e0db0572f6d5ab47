import type { Kysely, Migration } from 'kysely';
import { notNull } from './_columns.js';

/** Live windows, delayed labels and alert states (owner: monitoring/). */
export function monitoringMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('monitor_windows')
        .addColumn('endpoint', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('seq', 'integer', notNull)
        .addColumn('model', 'text', notNull)
        .addColumn('start_at', 'text', notNull)
        .addColumn('end_at', 'text', notNull)
        .addColumn('closed', 'integer', notNull)
        .addColumn('sketch', 'text', notNull)
        .addColumn('view', 'text', notNull)
        .addPrimaryKeyConstraint('monitor_windows_pk', ['endpoint', 'version', 'seq'])
        .execute();
      await db.schema.createIndex('monitor_windows_end').on('monitor_windows').columns(['end_at']).execute();
      await db.schema
        .createTable('feedback_labels')
        .addColumn('endpoint', 'text', notNull)
        .addColumn('request_id', 'text', notNull)
        .addColumn('label', 'text', notNull)
        .addColumn('received_at', 'text', notNull)
        .addColumn('joined', 'integer', notNull)
        .addPrimaryKeyConstraint('feedback_labels_pk', ['endpoint', 'request_id'])
        .execute();
      await db.schema.createIndex('feedback_labels_pending').on('feedback_labels').columns(['joined', 'endpoint']).execute();
      // Retention deletes by age across endpoints: without these, each pruning scans both tables.
      await db.schema.createIndex('feedback_labels_received').on('feedback_labels').columns(['received_at']).execute();
      await db.schema.createIndex('prediction_samples_at').on('prediction_samples').columns(['at']).execute();
      await db.schema
        .createTable('alert_states')
        .addColumn('rule', 'text', notNull)
        .addColumn('endpoint', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('state', 'text', notNull)
        .addPrimaryKeyConstraint('alert_states_pk', ['rule', 'endpoint', 'version'])
        .execute();
    },
  };
}
