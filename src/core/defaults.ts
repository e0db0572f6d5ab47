/** Every default of the product, named once. */

/** Home folder for the embedded store and artifacts when neither --home nor MODELPILOT_HOME is set. */
export const DEFAULT_HOME = '.modelpilot';
/** SQLite file name inside the home folder. */
export const SQLITE_FILE = 'modelpilot.db';
/** Artifact folder inside the home folder (content-addressed: artifacts/sha256/ab/cdef…). */
export const ARTIFACTS_DIR = 'artifacts';
/** Control-plane address the deployment commands talk to. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8080';
/** How long a SQLite writer waits for another process's write lock before giving up (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;
/** How long to wait for a PostgreSQL connection before calling the database unreachable (ms). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** PostgreSQL pool size for one process. */
export const PG_POOL_SIZE = 10;
/** Aliases that stand for production: taking one needs the model's required approvals. */
export const PROTECTED_ALIASES: readonly string[] = ['champion'];
/** Quantile bins per numeric feature in a reference profile. */
export const PROFILE_BINS = 10;
/** Distinct categories kept per categorical feature; the rest count as "__other__". */
export const PROFILE_MAX_CATEGORIES = 50;
/** A column with at most this many distinct values, all integers, profiles as classes when it is the target. */
export const PROFILE_MAX_CLASSES = 20;
/** Rows kept verbatim in a profile for warm-up and smoke tests. */
export const PROFILE_SAMPLE_ROWS = 8;
/** Metric names where lower is better when a policy does not say. */
export const LOWER_IS_BETTER = /(^|_)(loss|rmse|mse|mae|error|latency|logloss|log_loss)(_|$)/i;
