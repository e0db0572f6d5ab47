import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModelVersion, ReferenceProfile, Signature } from '../contract/index.js';
import { mpError, versionUri } from '../core/index.js';
import type { PutResult } from '../store/index.js';
import { toJson } from './_json.js';
import { checkFeatureNames, profileCsv } from './_reference.js';
import { mutate, type Change, type RegistryContext } from './context.js';
import { assertModelName, insertModelIfAbsent, modelCreated } from './models.js';
import { getVersion } from './version-read.js';

export interface RegisterInput {
  readonly name: string;
  /** Path of the ONNX file. */
  readonly file: string;
  readonly description?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly lineage?: Readonly<Record<string, string>>;
  /** One name per input column; defaults to the reference CSV's header (without the target). */
  readonly featureNames?: readonly string[];
  readonly reference?: { readonly file: string; readonly target?: string };
}

/**
 * Registers a new version: stores the bytes by digest, reads the signature with the engine, profiles the
 * reference data, and numbers the version in one transaction (creating the model if needed, as MLflow does).
 * @example await register(ctx, { name: 'fraud', file: 'model.onnx', metrics: { accuracy: 0.97 } })
 */
export async function register(ctx: RegistryContext, input: RegisterInput): Promise<ModelVersion> {
  assertModelName(input.name);
  await assertFile(input.file);
  const profile = input.reference ? await profileCsv(input.reference.file, input.reference.target, input.featureNames) : null;
  const featureNames = input.featureNames ?? profile?.features.map((f) => f.name);
  const { stored, signature } = await storeAndInspect(ctx, input.file);
  try {
    checkFeatureNames(signature, featureNames);
    const version = await record(ctx, input, stored, featureNames ? { ...signature, featureNames: [...featureNames] } : signature, profile);
    return await ctx.store.query((db) => getVersion(db, { name: input.name, version }));
  } catch (e) {
    await discardIfUnused(ctx, stored);
    throw e;
  }
}

/** Numbers and writes the version, creating the model if needed, in one transaction. */
async function record(ctx: RegistryContext, input: RegisterInput, stored: PutResult, sig: Signature, profile: ReferenceProfile | null): Promise<number> {
  return mutate(ctx, async (trx, at) => {
    const changes: Change[] = [];
    if (await insertModelIfAbsent(trx, { name: input.name }, at, ctx.actor)) changes.push(modelCreated({ name: input.name }));
    const next = await trx
      .updateTable('models')
      .set((eb) => ({ latest_version: eb('latest_version', '+', 1), updated_at: at }))
      .where('name', '=', input.name)
      .returning('latest_version')
      .executeTakeFirstOrThrow();
    await trx.insertInto('model_versions').values(versionRow(input, next.latest_version, stored, sig, profile, at, ctx.actor)).execute();
    changes.push(registered(input, next.latest_version, stored));
    return { result: next.latest_version, changes };
  });
}

/**
 * Removes a blob this registration created when nothing refers to it, so a refused registration leaves no
 * file behind. (A concurrent registration of the same bytes that commits after this check would lose its
 * blob; both would have to pass the same file within milliseconds, one of them failing.)
 */
async function discardIfUnused(ctx: RegistryContext, stored: PutResult): Promise<void> {
  if (!stored.created) return;
  const used = await ctx.store.query((db) => db.selectFrom('model_versions').select('version').where('digest', '=', stored.digest).executeTakeFirst()).catch(() => true);
  if (!used) await ctx.artifacts.remove(stored.digest);
}

async function assertFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw mpError('MP_FILE_NOT_FOUND', file);
}

/** Hashes and stores the bytes while onnxruntime opens the same file; a file it refuses leaves no blob. */
async function storeAndInspect(ctx: RegistryContext, file: string): Promise<{ stored: PutResult; signature: Signature }> {
  const [put, inspected] = await Promise.allSettled([ctx.artifacts.put(createReadStream(file)), ctx.engine.inspect(file, file)]);
  if (inspected.status === 'rejected') {
    if (put.status === 'fulfilled') await discardIfUnused(ctx, put.value);
    throw inspected.reason;
  }
  if (put.status === 'rejected') throw put.reason;
  return { stored: put.value, signature: inspected.value };
}

function versionRow(
  input: RegisterInput,
  version: number,
  stored: PutResult,
  signature: Signature,
  profile: ReferenceProfile | null,
  at: string,
  actor: string,
) {
  return {
    model: input.name,
    version,
    digest: stored.digest,
    size_bytes: stored.sizeBytes,
    stage: 'None',
    description: input.description ?? '',
    created_by: actor,
    created_at: at,
    source_file: basename(input.file),
    signature: toJson(signature),
    metrics: toJson(input.metrics ?? {}),
    params: toJson(input.params ?? {}),
    tags: toJson(input.tags ?? {}),
    lineage: toJson(input.lineage ?? {}),
    profile: profile ? toJson(profile) : null,
  };
}

function registered(input: RegisterInput, version: number, stored: PutResult): Change {
  return {
    action: 'version.register',
    subject: versionUri(input.name, version),
    details: {
      digest: stored.digest,
      sizeBytes: stored.sizeBytes,
      sourceFile: basename(input.file),
      metrics: input.metrics ?? {},
      tags: input.tags ?? {},
      lineage: input.lineage ?? {},
      reference: input.reference?.file ? basename(input.reference.file) : null,
    },
  };
}
