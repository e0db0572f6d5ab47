import type { Model } from '../contract/index.js';
import { mpError } from '../core/index.js';
import type { Db, ModelsTable } from '../store/index.js';
import { fromJson } from './_json.js';

type ModelRow = Omit<Model, 'aliases'>;

/** The model's row, parsed; MP_REGISTRY_MODEL_NOT_FOUND when absent. Works inside a transaction too. */
export async function modelRow(db: Db, name: string): Promise<ModelRow> {
  const row = await db.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) throw mpError('MP_REGISTRY_MODEL_NOT_FOUND', name);
  return parseModelRow(row);
}

/** A model with its aliases. @example await store.query((db) => getModel(db, 'fraud')) */
export async function getModel(db: Db, name: string): Promise<Model> {
  const model = await modelRow(db, name);
  return { ...model, aliases: await aliasMap(db, name) };
}

/** Every model, by name, with aliases. */
export async function listModels(db: Db): Promise<Model[]> {
  const rows = await db.selectFrom('models').selectAll().orderBy('name').execute();
  const aliases = await db.selectFrom('aliases').select(['model', 'alias', 'version']).orderBy('alias').execute();
  return rows.map((row) => ({
    ...parseModelRow(row),
    aliases: Object.fromEntries(aliases.filter((a) => a.model === row.name).map((a) => [a.alias, a.version])),
  }));
}

/** alias → version for one model. */
export async function aliasMap(db: Db, name: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('aliases').select(['alias', 'version']).where('model', '=', name).orderBy('alias').execute();
  return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
}

function parseModelRow(row: ModelsTable): ModelRow {
  return {
    name: row.name,
    description: row.description,
    tags: fromJson(row.tags),
    policy: fromJson(row.policy),
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}
