import { resolve } from 'node:path';
import { mpError, PG_CONNECT_TIMEOUT_MS, PG_POOL_SIZE, SQLITE_BUSY_TIMEOUT_MS } from '../core/index.js';
import { migrateToLatest } from './migrations/migrate.js';
import type { WalCheckpoints } from './sqlite/create-sqlite-store.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** How long a SQLite writer waits for the lock (ms). */
  readonly busyTimeoutMs?: number;
  /** Time stamped on newly applied migrations (ISO text). */
  readonly now: string;
  /** SQLite: who checkpoints the write-ahead log (see create-sqlite-store.ts); a server moves it off its event loop. */
  readonly walCheckpoints?: WalCheckpoints;
}

/** Where a database URL points. */
export type StoreTarget = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * Reads a database URL: `postgres://…` / `postgresql://…`, `sqlite:<path>`, `file:<path>` or a plain path.
 * @example parseStoreUrl('sqlite:.modelpilot/modelpilot.db') // { kind: 'sqlite', file: '/abs/.modelpilot/modelpilot.db' }
 */
export function parseStoreUrl(url: string): StoreTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url.replace(/^(sqlite|file):/i, ''))) {
    throw mpError('MP_STORE_URL_INVALID', url);
  }
  return { kind: 'sqlite', file: resolve(path) };
}

/**
 * Opens the store the URL names and applies pending migrations.
 * @example const store = await createStore('postgres://postgres@127.0.0.1/modelpilot', { now: isoTime(clock.now()) });
 */
export async function createStore(url: string, options: CreateStoreOptions): Promise<Store> {
  const target = parseStoreUrl(url);
  // Each driver loads only when its database is used (pg alone costs ~100 ms of start-up).
  const store =
    target.kind === 'postgres'
      ? (await import('./postgres/create-postgres-store.js')).createPostgresStore({ url: target.url, connectTimeoutMs: PG_CONNECT_TIMEOUT_MS, poolSize: PG_POOL_SIZE })
      : (await import('./sqlite/create-sqlite-store.js')).createSqliteStore({ file: target.file, busyTimeoutMs: options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS, ...(options.walCheckpoints ? { walCheckpoints: options.walCheckpoints } : {}) });
  try {
    await migrateToLatest(store, options.now);
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
