import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { mpError } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';

export interface PostgresStoreOptions {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly poolSize: number;
}

// int8 (sizes, counts) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

/** Connects a pool to PostgreSQL. The first query tells whether the server is reachable. */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const label = redact(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  pool.on('error', () => undefined); // an idle client lost its server; the next query reports it
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw mapPgError(e, label);
    }
  };
  return {
    dialect: 'postgres',
    label,
    query: (fn) => guard(() => fn(db)),
    transaction: (fn) => guard(() => db.transaction().execute(fn)),
    checkpoint: () => undefined,
    close: () => db.destroy(),
  };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '3D000', '28P01', '28000', '57P03']);

function mapPgError(e: unknown, label: string): unknown {
  const code = String((e as { code?: unknown }).code ?? '');
  const message = (e as Error).message ?? String(e);
  if (UNREACHABLE.has(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return mpError('MP_STORE_UNREACHABLE', label, message || code);
  }
  if (code === '55P03') return mpError('MP_STORE_LOCKED', label);
  return e;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
