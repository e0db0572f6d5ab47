import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { StoreDialect } from '../store.js';

/** An auto-numbered primary key in either dialect. */
export function withId<T extends string>(table: CreateTableBuilder<T>, dialect: StoreDialect): CreateTableBuilder<T> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A 64-bit integer column type (SQLite integers are 64-bit already). */
export function bigintType(dialect: StoreDialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

export const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();
