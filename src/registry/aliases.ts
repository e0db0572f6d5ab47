import type { AliasMove, ModelVersion } from '../contract/index.js';
import { mpError, PROTECTED_ALIASES, versionUri } from '../core/index.js';
import type { Db } from '../store/index.js';
import { assertApproved } from './approvals.js';
import { mutate, type RegistryContext } from './context.js';
import { aliasMap, modelRow } from './model-read.js';
import { guardValidation } from './validation-guard.js';
import { getVersion } from './version-read.js';

const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

function assertAliasName(alias: string): void {
  if (!ALIAS.test(alias) || alias === 'latest') throw mpError('MP_REGISTRY_ALIAS_INVALID', alias);
}

/**
 * Points an alias at a version (creating or moving it) and keeps the move in the alias history.
 * Protected aliases (`champion`) need the model's required approvals and a latest validation run that did not fail
 * (`force` overrides the validation, and the audit event says so).
 * @example await setAlias(ctx, 'fraud', 'champion', 3)
 */
export async function setAlias(ctx: RegistryContext, name: string, alias: string, version: number, options: { force?: boolean } = {}): Promise<ModelVersion> {
  assertAliasName(alias);
  await mutate(ctx, async (trx, at) => {
    const target = await getVersion(trx, { name, version });
    if (PROTECTED_ALIASES.includes(alias)) await assertApproved(trx, target, `alias @${alias}`);
    const override = PROTECTED_ALIASES.includes(alias) ? await guardValidation(trx, target, `alias @${alias}`, options.force === true) : undefined;
    const from = (await aliasMap(trx, name))[alias] ?? null;
    if (from === version) return { result: undefined, changes: [] };
    await trx
      .insertInto('aliases')
      .values({ model: name, alias, version, updated_at: at, updated_by: ctx.actor })
      .onConflict((oc) => oc.columns(['model', 'alias']).doUpdateSet({ version, updated_at: at, updated_by: ctx.actor }))
      .execute();
    await trx.insertInto('alias_history').values({ model: name, alias, from_version: from, to_version: version, at, actor: ctx.actor }).execute();
    return { result: undefined, changes: [{ action: 'alias.set', subject: versionUri(name, version), details: { alias, from, to: version, ...override } }] };
  });
  return ctx.store.query((db) => getVersion(db, { name, version }));
}

/** Removes an alias; the history keeps where it pointed. */
export async function deleteAlias(ctx: RegistryContext, name: string, alias: string): Promise<void> {
  await mutate(ctx, async (trx, at) => {
    await modelRow(trx, name);
    const from = (await aliasMap(trx, name))[alias];
    if (from === undefined) throw mpError('MP_REGISTRY_ALIAS_NOT_FOUND', alias, name, name);
    await trx.deleteFrom('aliases').where('model', '=', name).where('alias', '=', alias).execute();
    await trx.insertInto('alias_history').values({ model: name, alias, from_version: from, to_version: null, at, actor: ctx.actor }).execute();
    return { result: undefined, changes: [{ action: 'alias.delete', subject: `models:/${name}`, details: { alias, from } }] };
  });
}

/** Every move of every alias of a model, oldest first. */
export async function aliasHistory(db: Db, name: string): Promise<AliasMove[]> {
  await modelRow(db, name);
  const rows = await db.selectFrom('alias_history').selectAll().where('model', '=', name).orderBy('id').execute();
  return rows.map((r) => ({ alias: r.alias, from: r.from_version, to: r.to_version, by: r.actor, at: r.at }));
}
