import type { ModelVersion } from '../contract/index.js';
import { versionUri, type ModelRef } from '../core/index.js';
import { fromJson, toJson } from './_json.js';
import { mutate, type RegistryContext } from './context.js';
import { getVersion, resolveRef } from './version-read.js';

/**
 * Merges tags into a version's tags (an empty value removes one); the artifact and metrics stay immutable.
 * @example await tagVersion(ctx, parseModelUri('fraud/3'), { rollout: 'failed' })
 */
export async function tagVersion(ctx: RegistryContext, ref: ModelRef, tags: Readonly<Record<string, string>>): Promise<ModelVersion> {
  const key = await mutate(ctx, async (trx) => {
    const key = await resolveRef(trx, ref);
    const row = await trx.selectFrom('model_versions').select('tags').where('model', '=', key.name).where('version', '=', key.version).executeTakeFirstOrThrow();
    const before = fromJson<Record<string, string>>(row.tags);
    const after = { ...before };
    for (const [k, v] of Object.entries(tags)) {
      if (v === '') delete after[k];
      else after[k] = v;
    }
    await trx.updateTable('model_versions').set({ tags: toJson(after) }).where('model', '=', key.name).where('version', '=', key.version).execute();
    return { result: key, changes: [{ action: 'version.tag', subject: versionUri(key.name, key.version), details: { before, after } }] };
  });
  return ctx.store.query((db) => getVersion(db, key));
}
