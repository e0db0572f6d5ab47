import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../store.js';
import { notNull, withId } from './_columns.js';

/**
 * Validation runs of versions (owner: registry/, which writes them for gates/ and reads the latest one to guard
 * Production and @champion). The whole run is kept as JSON; the columns beside it are what listing and the guard read.
 */
export function validationsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('validations'), dialect)
        .addColumn('model', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('at', 'text', notNull)
        .addColumn('actor', 'text', notNull)
        .addColumn('suite', 'text', notNull)
        .addColumn('outcome', 'text', notNull)
        .addColumn('passed', 'integer', notNull)
        .addColumn('failed', 'integer', notNull)
        .addColumn('run', 'text', notNull)
        .addForeignKeyConstraint('validations_version_fk', ['model', 'version'], 'model_versions', ['model', 'version'])
        .execute();
      await db.schema.createIndex('validations_version').on('validations').columns(['model', 'version', 'id']).execute();
    },
  };
}
