import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../store.js';
import { bigintType, notNull, withId } from './_columns.js';

/** Registry tables (owner: registry/): models, versions, aliases and their history, approvals. */
export function registryMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('models')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', notNull)
        .addColumn('tags', 'text', notNull)
        .addColumn('policy', 'text', notNull)
        .addColumn('latest_version', 'integer', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('updated_at', 'text', notNull)
        .addColumn('created_by', 'text', notNull)
        .execute();
      await db.schema
        .createTable('model_versions')
        .addColumn('model', 'text', (c) => c.notNull().references('models.name'))
        .addColumn('version', 'integer', notNull)
        .addColumn('digest', 'text', notNull)
        .addColumn('size_bytes', bigintType(dialect), notNull)
        .addColumn('stage', 'text', notNull)
        .addColumn('description', 'text', notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('source_file', 'text', notNull)
        .addColumn('signature', 'text', notNull)
        .addColumn('metrics', 'text', notNull)
        .addColumn('params', 'text', notNull)
        .addColumn('tags', 'text', notNull)
        .addColumn('lineage', 'text', notNull)
        .addColumn('profile', 'text')
        .addPrimaryKeyConstraint('model_versions_pk', ['model', 'version'])
        .execute();
      await db.schema.createIndex('model_versions_stage').on('model_versions').columns(['model', 'stage']).execute();
      await db.schema
        .createTable('aliases')
        .addColumn('model', 'text', (c) => c.notNull().references('models.name'))
        .addColumn('alias', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('updated_at', 'text', notNull)
        .addColumn('updated_by', 'text', notNull)
        .addPrimaryKeyConstraint('aliases_pk', ['model', 'alias'])
        .execute();
      await withId(db.schema.createTable('alias_history'), dialect)
        .addColumn('model', 'text', notNull)
        .addColumn('alias', 'text', notNull)
        .addColumn('from_version', 'integer')
        .addColumn('to_version', 'integer')
        .addColumn('at', 'text', notNull)
        .addColumn('actor', 'text', notNull)
        .execute();
      await db.schema.createIndex('alias_history_model').on('alias_history').columns(['model', 'id']).execute();
      await withId(db.schema.createTable('approvals'), dialect)
        .addColumn('model', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('decision', 'text', notNull)
        .addColumn('approver', 'text', notNull)
        .addColumn('notes', 'text', notNull)
        .addColumn('at', 'text', notNull)
        .execute();
      await db.schema.createIndex('approvals_version').on('approvals').columns(['model', 'version', 'id']).execute();
    },
  };
}
