import { blockingGates, type NewValidationRun, type ValidationRun } from '../contract/index.js';
import { versionUri } from '../core/index.js';
import type { Db } from '../store/index.js';
import { fromJson, toJson } from './_json.js';
import { mutate, type RegistryContext } from './context.js';
import { resolveRef, type VersionKey } from './version-read.js';

/**
 * Stores a validation run of a version (gates/ produces runs; this is the one writer of the `validations` table) with
 * a `version.validate` audit event in the same transaction. The run's time and actor are the registry's.
 * @example const stored = await recordValidation(ctx, run) // stored.id is its number
 */
export async function recordValidation(ctx: RegistryContext, run: NewValidationRun): Promise<ValidationRun> {
  return mutate(ctx, async (trx, at) => {
    const key = await resolveRef(trx, { name: run.model, kind: 'version', version: run.version });
    const row = await trx
      .insertInto('validations')
      .values({ model: key.name, version: key.version, at, actor: ctx.actor, suite: run.suite, outcome: run.outcome, passed: run.passed, failed: run.failed, run: toJson(run) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored: ValidationRun = { id: Number(row.id), at, actor: ctx.actor, ...run };
    const details = { run: stored.id, suite: run.suite, outcome: run.outcome, passed: run.passed, failed: run.failed, errors: run.errors, blockingGates: blockingGates(run) };
    return { result: stored, changes: [{ action: 'version.validate', subject: versionUri(key.name, key.version), details }] };
  });
}

/** The newest validation run of a version, or null when it was never validated. */
export async function latestValidation(db: Db, key: VersionKey): Promise<ValidationRun | null> {
  return (await listValidations(db, key, 1))[0] ?? null;
}

/** Validation runs of a version, newest first. */
export async function listValidations(db: Db, key: VersionKey, limit = 20): Promise<ValidationRun[]> {
  const rows = await db
    .selectFrom('validations')
    .select(['id', 'at', 'actor', 'run'])
    .where('model', '=', key.name)
    .where('version', '=', key.version)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, ...fromJson<NewValidationRun>(r.run) }));
}
