import type { ModelVersion } from '../contract/index.js';
import { mpError, STAGES, versionUri, type ModelRef, type Stage } from '../core/index.js';
import type { Trx } from '../store/index.js';
import { assertApproved } from './approvals.js';
import { mutate, type Change, type RegistryContext } from './context.js';
import { guardValidation } from './validation-guard.js';
import { getVersion, resolveRef, type VersionKey } from './version-read.js';

/** Parses a stage name, case-insensitively. */
export function parseStage(text: string): Stage {
  const stage = STAGES.find((s) => s.toLowerCase() === text.trim().toLowerCase());
  if (!stage) throw mpError('MP_REGISTRY_STAGE_INVALID', text);
  return stage;
}

/**
 * Moves a version to a stage. Production needs the model's approvals and a latest validation run that did not fail
 * (`force` overrides the validation, and the audit event says so); `archiveExisting` moves the versions already in
 * that stage to Archived in the same transaction.
 * @example await setStage(ctx, parseModelUri('fraud/3'), 'Production', { archiveExisting: true })
 */
export async function setStage(ctx: RegistryContext, ref: ModelRef, stage: Stage, options: { archiveExisting?: boolean; force?: boolean } = {}): Promise<ModelVersion> {
  const key = await mutate(ctx, async (trx) => {
    const key = await resolveRef(trx, ref);
    const current = await getVersion(trx, key);
    if (stage === 'Production') await assertApproved(trx, current, 'stage Production');
    const override = stage === 'Production' ? await guardValidation(trx, current, 'stage Production', options.force === true) : undefined;
    const changes: Change[] = [];
    if (options.archiveExisting && stage !== 'None' && stage !== 'Archived') changes.push(...(await archiveOthers(trx, key, stage)));
    if (current.stage !== stage) {
      await moveStage(trx, key, stage);
      changes.push({ action: 'version.stage', subject: current.uri, details: { from: current.stage, to: stage, ...override } });
    }
    return { result: key, changes };
  });
  return ctx.store.query((db) => getVersion(db, key));
}

async function archiveOthers(trx: Trx, key: VersionKey, stage: Stage): Promise<Change[]> {
  const others = await trx
    .selectFrom('model_versions')
    .select('version')
    .where('model', '=', key.name)
    .where('stage', '=', stage)
    .where('version', '!=', key.version)
    .execute();
  for (const o of others) await moveStage(trx, { name: key.name, version: o.version }, 'Archived');
  return others.map((o) => ({
    action: 'version.stage',
    subject: versionUri(key.name, o.version),
    details: { from: stage, to: 'Archived', reason: `archive-existing when ${versionUri(key.name, key.version)} entered ${stage}` },
  }));
}

/** The one write of a version's stage. */
export async function moveStage(trx: Trx, key: VersionKey, stage: Stage): Promise<void> {
  await trx.updateTable('model_versions').set({ stage }).where('model', '=', key.name).where('version', '=', key.version).execute();
}
