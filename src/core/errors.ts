/**
 * The one error catalog. Every expected failure the product reports has a code here, an HTTP status,
 * a retryable flag and a message template whose tail tells the user how to fix it.
 * `%s` placeholders are filled in order by {@link mpError}.
 */
export const ERRORS = {
  MP_USAGE: [400, false, '%s'],
  MP_INPUT_INVALID: [400, false, '%s'],
  MP_INPUT_KV_MALFORMED: [400, false, "'%s' is not key=value — write it as %s=value"],
  MP_FILE_NOT_FOUND: [400, false, 'file %s not found — check the path'],
  MP_FILE_INVALID: [400, false, '%s is not valid: %s — fix the file and try again'],
  MP_CSV_INVALID: [400, false, 'CSV %s: %s — fix the file and try again'],
  MP_URI_INVALID: [400, false, "'%s' is not a model URI — use models:/<name>/<version>, models:/<name>@<alias> or <name>/<version>"],
  MP_STORE_UNREACHABLE: [503, true, 'database %s is unreachable: %s — check --db / MODELPILOT_DB and that the server is running'],
  MP_STORE_LOCKED: [503, true, 'database %s is locked by another process — retry, or stop the process holding it'],
  MP_STORE_URL_INVALID: [400, false, "database URL '%s' is not supported — use a file path, sqlite:<path> or postgres://user@host/db"],
  MP_ARTIFACT_NOT_FOUND: [404, false, 'artifact %s is missing from the artifact store — re-register the model file'],
  MP_ARTIFACT_CORRUPT: [500, false, 'artifact %s does not match its digest (got %s) — the file was changed on disk; re-register the model file'],
  MP_ONNX_INVALID: [400, false, '%s is not a loadable ONNX model: %s — export the model to ONNX again and check it with onnx.checker'],
  MP_REGISTRY_MODEL_NOT_FOUND: [404, false, "model '%s' not found — list models with: modelpilot models list"],
  MP_REGISTRY_MODEL_EXISTS: [409, false, "model '%s' already exists — use a new name, or change it with: modelpilot models update %s"],
  MP_REGISTRY_MODEL_NAME_INVALID: [400, false, "model name '%s' is not allowed — use letters, digits, '.', '_' or '-' (1-128 chars, starting with a letter or digit)"],
  MP_REGISTRY_VERSION_NOT_FOUND: [404, false, 'model version %s not found — list them with: modelpilot versions list %s'],
  MP_REGISTRY_ALIAS_NOT_FOUND: [404, false, "alias '%s' of model '%s' not found — see aliases with: modelpilot models show %s"],
  MP_REGISTRY_ALIAS_INVALID: [400, false, "alias '%s' is not allowed — use letters, digits, '_' or '-', not starting with a digit"],
  MP_REGISTRY_STAGE_INVALID: [400, false, "stage '%s' is not one of None, Staging, Production, Archived — write one of them, e.g. modelpilot stage fraud/3 Staging"],
  MP_REGISTRY_NOT_APPROVED: [409, false, '%s has %s of %s required approvals%s — approve it first: modelpilot approve %s --by <who>'],
  MP_REGISTRY_REJECTED: [409, false, '%s was rejected by %s — that approver must approve it again: modelpilot approve %s --by %s'],
  MP_REGISTRY_FEATURES_MISMATCH: [400, false, 'the model takes %s input columns but %s feature names were given — pass --feature-names with one name per column'],
  MP_POLICY_INVALID: [400, false, '%s is invalid: %s — fix it (the file formats are in docs/policies.md)'],
  MP_REGISTRY_VALIDATION_FAILED: [409, false, '%s failed its latest validation (run %s: %s)%s — fix it and validate again (modelpilot validate %s), or override with --force, which the audit trail records'],
  MP_VALIDATION_FAILED: [422, false, '%s failed %s of %s gates (%s) — read the report, fix the model or the policy, and validate again'],
  MP_GATES_DATA_INVALID: [400, false, 'holdout data %s: %s — fix the file, or the data section of the gate policy'],
  MP_GATES_DATA_REQUIRED: [400, false, '%s needs holdout data — pass --data holdout.csv --target COL, or set data: { path, target } in the gate policy'],
  MP_ENDPOINT_NOT_FOUND: [404, false, "endpoint '%s' does not exist — list endpoints with: modelpilot endpoints list"],
  MP_ENDPOINT_NAME_INVALID: [400, false, "endpoint name '%s' is not allowed — use letters, digits, '.', '_' or '-' (1-128 chars)"],
  MP_SERVING_ENDPOINT_NOT_FOUND: [404, false, "endpoint '%s' is not served here — list endpoints with: modelpilot endpoints list"],
  MP_SERVING_VERSION_NOT_FOUND: [404, false, "version %s is not serving endpoint '%s' — see what serves it with: modelpilot traffic %s"],
  MP_SERVING_NOT_READY: [503, true, "endpoint '%s' is not ready yet (%s) — retry after the Retry-After seconds"],
  MP_SERVING_BODY_INVALID: [400, false, 'the request body is not valid %s: %s — send a well-formed body'],
  MP_SERVING_BODY_TOO_LARGE: [413, false, 'the request body exceeds %s bytes — send fewer rows per request'],
  MP_SERVING_MEDIA_UNSUPPORTED: [415, false, "content type '%s' is not accepted here — send application/json%s"],
  MP_SERVING_INPUT_INVALID: [400, false, '%s — %s'],
  MP_SERVING_NON_FINITE: [400, false, 'row %s, column %s is %s — send finite numbers (the NaN/Inf policy is reject)'],
  MP_SERVING_TOO_MANY_ROWS: [413, false, 'the request has %s rows, more than the limit of %s — split it into smaller requests'],
  MP_SERVING_INFERENCE_FAILED: [500, true, 'inference failed for %s: %s — check the server log; the request can be retried'],
  MP_SERVING_LOAD_FAILED: [422, false, '%s could not be loaded for serving: %s — fix the artifact or deploy another version; the current version keeps serving'],
  MP_SERVER_NOT_READY: [503, true, 'the server is not ready (%s) — retry after the Retry-After seconds'],
  MP_SERVING_UNAVAILABLE: [503, true, 'the server is shutting down — retry against another replica or after it restarts'],
  MP_SERVER_UNREACHABLE: [503, true, 'no modelpilot server answers at %s: %s — start one with: modelpilot serve, or pass --server'],
  MP_INTERNAL: [500, false, 'internal error: %s — this is a bug; please report it with the request that caused it'],
  MP_ROLLOUT_SPEC_INVALID: [400, false, 'the rollout spec is invalid: %s — fix it as the README\'s rollout section describes'],
  MP_ROLLOUT_ACTIVE: [409, false, "endpoint '%s' already has a rollout in progress (%s) — finish it first: modelpilot rollout promote|abort %s"],
  MP_ROLLOUT_NOT_FOUND: [404, false, "endpoint '%s' has no rollout — start one with: modelpilot deploy <uri> --endpoint %s --strategy canary"],
  MP_ROLLOUT_NOT_ACTIVE: [409, false, "the rollout of '%s' is %s, so it cannot %s — start a new one with: modelpilot deploy"],
  MP_ROLLOUT_CONFLICT: [409, true, "the rollout of '%s' changed while this request was being handled — retry"],
  MP_ROLLBACK_NOTHING: [409, false, "endpoint '%s' has no previous version to roll back to — name one with: modelpilot rollback %s --to <version>"],
  MP_AUDIT_BROKEN: [409, false, 'audit chain broken at event %s: %s — the audit table was edited outside modelpilot'],
} as const satisfies Record<string, readonly [number, boolean, string]>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected failure with a catalog code. The API maps it to `{ code, message }`, the CLI to exit 1. */
export class ModelpilotError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelpilotError';
    this.code = code;
    const [status, retryable] = ERRORS[code];
    this.status = status;
    this.retryable = retryable;
  }
}

/**
 * Builds the catalog error for `code`, filling the template's `%s` in order.
 * @example throw mpError('MP_REGISTRY_MODEL_NOT_FOUND', 'fraud')
 */
export function mpError(code: ErrorCode, ...args: readonly (string | number)[]): ModelpilotError {
  let i = 0;
  const message = ERRORS[code][2].replace(/%s/g, () => String(args[i++] ?? ''));
  return new ModelpilotError(code, message);
}

/** True when `e` is a catalog error (optionally with the given code). */
export function isMpError(e: unknown, code?: ErrorCode): e is ModelpilotError {
  return e instanceof ModelpilotError && (code === undefined || e.code === code);
}
