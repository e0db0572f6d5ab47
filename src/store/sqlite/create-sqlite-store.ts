import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { mpError } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { startCheckpointer } from './checkpointer.js';
import { ImmediateSqliteDialect } from './immediate-dialect.js';

export interface SqliteStoreOptions {
  readonly file: string;
  readonly busyTimeoutMs: number;
  /** auto: SQLite checkpoints the WAL on commit (default); worker: a worker thread does; off: another connection does. */
  readonly walCheckpoints?: WalCheckpoints;
}

export type WalCheckpoints = 'auto' | 'worker' | 'off';

/** Opens (creating when needed) the SQLite file in WAL mode. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  mkdirSync(dirname(options.file), { recursive: true });
  let native: BetterSqlite3.Database;
  try {
    native = new BetterSqlite3(options.file, { timeout: options.busyTimeoutMs });
    native.pragma('journal_mode = WAL');
    native.pragma('synchronous = NORMAL');
    native.pragma('foreign_keys = ON');
    if ((options.walCheckpoints ?? 'auto') !== 'auto') native.pragma('wal_autocheckpoint = 0');
  } catch (e) {
    throw mapSqliteError(e, options.file);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: native }) });
  const checkpointer = options.walCheckpoints === 'worker' ? startCheckpointer(options.file) : undefined;
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapSqliteError(e, options.file);
    }
  };
  return {
    dialect: 'sqlite',
    label: options.file,
    query: (fn) => guard(() => fn(db)),
    transaction: (fn) => guard(() => db.transaction().execute(fn)),
    checkpoint: () => checkpointer?.checkpoint(),
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

function mapSqliteError(e: unknown, file: string): unknown {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return mpError('MP_STORE_LOCKED', file);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_READONLY') {
    return mpError('MP_STORE_UNREACHABLE', file, (e as Error).message);
  }
  return e;
}
