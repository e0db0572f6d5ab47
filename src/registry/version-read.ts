import type { Approval, ModelVersion, ReferenceProfile, Stage } from '../contract/index.js';
import { formatModelRef, mpError, versionUri, type ModelRef } from '../core/index.js';
import type { Db } from '../store/index.js';
import { fromJson } from './_json.js';
import { aliasMap, modelRow } from './model-read.js';

/** A model name and a fixed version number. */
export interface VersionKey {
  readonly name: string;
  readonly version: number;
}

/**
 * Turns a URI's ref (fixed version, alias or latest) into a version that exists.
 * @example await resolveRef(db, parseModelUri('fraud@champion')) // { name: 'fraud', version: 3 }
 */
export async function resolveRef(db: Db, ref: ModelRef): Promise<VersionKey> {
  const model = await modelRow(db, ref.name);
  const version = ref.kind === 'version' ? ref.version : ref.kind === 'latest' ? model.latestVersion : (await aliasMap(db, ref.name))[ref.alias];
  if (ref.kind === 'alias' && version === undefined) throw mpError('MP_REGISTRY_ALIAS_NOT_FOUND', ref.alias, ref.name, ref.name);
  const exists = await db.selectFrom('model_versions').select('version').where('model', '=', ref.name).where('version', '=', version ?? 0).executeTakeFirst();
  if (!exists) throw mpError('MP_REGISTRY_VERSION_NOT_FOUND', formatModelRef(ref), ref.name);
  return { name: ref.name, version: exists.version };
}

const LIST_COLUMNS = [
  'model', 'version', 'digest', 'size_bytes', 'stage', 'description', 'created_by', 'created_at',
  'source_file', 'signature', 'metrics', 'params', 'tags', 'lineage',
] as const;

/** Versions of a model, newest first, optionally in one stage. */
export async function listVersions(db: Db, name: string, filter: { stage?: Stage } = {}): Promise<ModelVersion[]> {
  await modelRow(db, name);
  let q = db
    .selectFrom('model_versions')
    .select(LIST_COLUMNS)
    .select((eb) => eb('profile', 'is not', null).as('has_profile'))
    .where('model', '=', name);
  if (filter.stage) q = q.where('stage', '=', filter.stage);
  const rows = await q.orderBy('version', 'desc').execute();
  const related = await relatedOf(db, name);
  // Versions of one model nearly always share a signature: each distinct text is parsed once (the largest column).
  const signatures = new Map<string, ModelVersion['signature']>();
  return rows.map((row) => toVersion(row, related, signatures));
}

/** One version with its aliases and approvals. */
export async function getVersion(db: Db, key: VersionKey): Promise<ModelVersion> {
  const row = await db
    .selectFrom('model_versions')
    .select(LIST_COLUMNS)
    .select((eb) => eb('profile', 'is not', null).as('has_profile'))
    .where('model', '=', key.name)
    .where('version', '=', key.version)
    .executeTakeFirst();
  if (!row) throw mpError('MP_REGISTRY_VERSION_NOT_FOUND', versionUri(key.name, key.version), key.name);
  return toVersion(row, await relatedOf(db, key.name, key.version));
}

/** The reference profile stored with a version, or null. */
export async function getProfile(db: Db, key: VersionKey): Promise<ReferenceProfile | null> {
  const row = await db.selectFrom('model_versions').select('profile').where('model', '=', key.name).where('version', '=', key.version).executeTakeFirst();
  if (!row) throw mpError('MP_REGISTRY_VERSION_NOT_FOUND', versionUri(key.name, key.version), key.name);
  return row.profile === null ? null : fromJson<ReferenceProfile>(row.profile);
}

interface Related {
  readonly aliases: Map<number, string[]>;
  readonly approvals: Map<number, Approval[]>;
}

async function relatedOf(db: Db, name: string, version?: number): Promise<Related> {
  let aq = db.selectFrom('aliases').select(['alias', 'version']).where('model', '=', name);
  let pq = db.selectFrom('approvals').select(['version', 'decision', 'approver', 'notes', 'at']).where('model', '=', name);
  if (version !== undefined) {
    aq = aq.where('version', '=', version);
    pq = pq.where('version', '=', version);
  }
  const [aliases, approvals] = await Promise.all([aq.orderBy('alias').execute(), pq.orderBy('id').execute()]);
  const related: Related = { aliases: new Map(), approvals: new Map() };
  for (const a of aliases) pushTo(related.aliases, a.version, a.alias);
  for (const p of approvals) {
    pushTo(related.approvals, p.version, { decision: p.decision as Approval['decision'], by: p.approver, notes: p.notes, at: p.at });
  }
  return related;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type VersionRow = Record<(typeof LIST_COLUMNS)[number], string | number> & { has_profile: unknown };

function toVersion(row: VersionRow, related: Related, signatures = new Map<string, ModelVersion['signature']>()): ModelVersion {
  const model = String(row.model);
  const version = Number(row.version);
  const signatureText = String(row.signature);
  let signature = signatures.get(signatureText);
  if (!signature) signatures.set(signatureText, (signature = fromJson<ModelVersion['signature']>(signatureText)));
  return {
    model,
    version,
    uri: versionUri(model, version),
    digest: String(row.digest),
    sizeBytes: Number(row.size_bytes),
    stage: row.stage as Stage,
    aliases: related.aliases.get(version) ?? [],
    description: String(row.description),
    createdBy: String(row.created_by),
    createdAt: String(row.created_at),
    sourceFile: String(row.source_file),
    signature,
    metrics: fromJson(String(row.metrics)),
    params: fromJson(String(row.params)),
    tags: fromJson(String(row.tags)),
    lineage: fromJson(String(row.lineage)),
    approvals: related.approvals.get(version) ?? [],
    hasProfile: Boolean(row.has_profile),
  };
}
