import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/**
 * The registry database, SQLite or PostgreSQL behind one Kysely code base.
 * Driver errors come out as catalog errors (unreachable, locked) from both methods.
 */
export interface Store {
  readonly dialect: StoreDialect;
  /** The URL with any password removed, for messages. */
  readonly label: string;
  /** Runs reads (or a single write) against the database. */
  query<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction; on SQLite it takes the write lock first so concurrent writers queue. */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** Checkpoints SQLite's write-ahead log off the main thread when the store was opened so (else nothing). */
  checkpoint(): void;
  close(): Promise<void>;
}
