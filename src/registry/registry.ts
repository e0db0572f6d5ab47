import type { AliasMove, AuditEvent, AuditVerification, Model, ModelVersion, NewValidationRun, ReferenceProfile, RetentionPolicy, Stage, ValidationRun } from '../contract/index.js';
import { listAudit, verifyAudit, type AuditQuery } from '../audit/index.js';
import { parseModelUri } from '../core/index.js';
import { aliasHistory, deleteAlias, setAlias } from './aliases.js';
import { decide, type DecisionInput } from './approvals.js';
import { catalog, type CatalogRow } from './catalog.js';
import { compareVersions, type Comparison } from './compare.js';
import type { RegistryContext } from './context.js';
import { lineageOf, type LineageView } from './lineage.js';
import { getModel, listModels, modelRow } from './model-read.js';
import { createModel, updateModel, type CreateModelInput, type UpdateModelInput } from './models.js';
import { register, type RegisterInput } from './register.js';
import { applyRetention, type RetentionResult } from './retention.js';
import { setStage } from './stages.js';
import { tagVersion } from './version-tags.js';
import { latestValidation, listValidations, recordValidation } from './validation-repo.js';
import { guardValidation, type ForcedOverride } from './validation-guard.js';
import { getProfile, getVersion, listVersions, resolveRef, type VersionKey } from './version-read.js';

/**
 * The registry's programmatic API: everything the CLI does, by model name and model URI.
 * @example const registry = createRegistry(ctx); await registry.register({ name: 'fraud', file: 'm.onnx' });
 */
export function createRegistry(ctx: RegistryContext) {
  const read = <T>(fn: (db: Parameters<typeof getModel>[0]) => Promise<T>): Promise<T> => ctx.store.query(fn);
  const resolve = (uri: string): Promise<VersionKey> => read((db) => resolveRef(db, parseModelUri(uri)));
  return {
    createModel: (input: CreateModelInput): Promise<Model> => createModel(ctx, input),
    updateModel: (name: string, input: UpdateModelInput): Promise<Model> => updateModel(ctx, name, input),
    getModel: (name: string): Promise<Model> => read((db) => getModel(db, name)),
    listModels: (): Promise<Model[]> => read(listModels),
    register: (input: RegisterInput): Promise<ModelVersion> => register(ctx, input),
    listVersions: (name: string, stage?: Stage): Promise<ModelVersion[]> => read((db) => listVersions(db, name, stage ? { stage } : {})),
    getVersion: async (uri: string): Promise<ModelVersion> => read(async (db) => getVersion(db, await resolveRef(db, parseModelUri(uri)))),
    getProfile: async (uri: string): Promise<ReferenceProfile | null> => read(async (db) => getProfile(db, await resolveRef(db, parseModelUri(uri)))),
    resolve,
    setAlias: (name: string, alias: string, version: number, options: { force?: boolean } = {}): Promise<ModelVersion> => setAlias(ctx, name, alias, version, options),
    deleteAlias: (name: string, alias: string): Promise<void> => deleteAlias(ctx, name, alias),
    aliasHistory: (name: string): Promise<AliasMove[]> => read((db) => aliasHistory(db, name)),
    setStage: (uri: string, stage: Stage, options: { archiveExisting?: boolean; force?: boolean } = {}): Promise<ModelVersion> =>
      setStage(ctx, parseModelUri(uri), stage, options),
    tagVersion: (uri: string, tags: Readonly<Record<string, string>>): Promise<ModelVersion> => tagVersion(ctx, parseModelUri(uri), tags),
    approve: (uri: string, input: DecisionInput): Promise<ModelVersion> => decide(ctx, parseModelUri(uri), 'approved', input),
    reject: (uri: string, input: DecisionInput): Promise<ModelVersion> => decide(ctx, parseModelUri(uri), 'rejected', input),
    compare: (name: string, a: number, b: number): Promise<Comparison> =>
      read(async (db) => compareVersions(await getVersion(db, { name, version: a }), await getVersion(db, { name, version: b }), (await modelRow(db, name)).policy)),
    lineage: async (uri: string): Promise<LineageView> => read(async (db) => lineageOf(db, await resolveRef(db, parseModelUri(uri)))),
    catalog: (): Promise<CatalogRow[]> => read(catalog),
    recordValidation: (run: NewValidationRun): Promise<ValidationRun> => recordValidation(ctx, run),
    /** Refuses (MP_REGISTRY_VALIDATION_FAILED) a version whose latest validation failed, unless forced; says what was overridden. */
    guardValidation: async (uri: string, what: string, force: boolean): Promise<ForcedOverride | undefined> =>
      read(async (db) => guardValidation(db, await getVersion(db, await resolveRef(db, parseModelUri(uri))), what, force)),
    latestValidation: async (uri: string): Promise<ValidationRun | null> => read(async (db) => latestValidation(db, await resolveRef(db, parseModelUri(uri)))),
    listValidations: async (uri: string, limit?: number): Promise<ValidationRun[]> => read(async (db) => listValidations(db, await resolveRef(db, parseModelUri(uri)), limit)),
    applyRetention: (policy: RetentionPolicy, options: { dryRun?: boolean } = {}): Promise<RetentionResult> => applyRetention(ctx, policy, options),
    listAudit: (query: AuditQuery = {}): Promise<AuditEvent[]> => read((db) => listAudit(db, query)),
    verifyAudit: (): Promise<AuditVerification> => read(verifyAudit),
  };
}

export type Registry = ReturnType<typeof createRegistry>;
