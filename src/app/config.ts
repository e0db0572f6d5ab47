import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ARTIFACTS_DIR, DEFAULT_HOME, DEFAULT_SERVER, mpError, SQLITE_BUSY_TIMEOUT_MS, SQLITE_FILE } from '../core/index.js';

/** Everything a process is configured with, resolved once and frozen. */
export interface Config {
  readonly home: string;
  readonly db: string;
  readonly artifactsDir: string;
  readonly server: string;
  readonly actor: string;
  readonly sqliteBusyTimeoutMs: number;
}

/** Flags as the CLI parsed them; each overrides its MODELPILOT_* variable. */
export interface ConfigFlags {
  readonly home?: string | undefined;
  readonly db?: string | undefined;
  readonly server?: string | undefined;
  readonly actor?: string | undefined;
}

/**
 * Flags, then `MODELPILOT_*` environment, then defaults (core/defaults.ts).
 * @example resolveConfig({ home: '/tmp/mp' }) // { db: '/tmp/mp/modelpilot.db', … }
 */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const home = resolve(flags.home ?? env['MODELPILOT_HOME'] ?? DEFAULT_HOME);
  const busy = Number(env['MODELPILOT_SQLITE_BUSY_TIMEOUT_MS'] ?? SQLITE_BUSY_TIMEOUT_MS);
  if (!Number.isInteger(busy) || busy < 0) throw mpError('MP_USAGE', 'MODELPILOT_SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds');
  return Object.freeze({
    home,
    db: flags.db ?? env['MODELPILOT_DB'] ?? join(home, SQLITE_FILE),
    artifactsDir: join(home, ARTIFACTS_DIR),
    server: flags.server ?? env['MODELPILOT_SERVER'] ?? DEFAULT_SERVER,
    actor: flags.actor ?? env['MODELPILOT_ACTOR'] ?? osUser(),
    sqliteBusyTimeoutMs: busy,
  });
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
