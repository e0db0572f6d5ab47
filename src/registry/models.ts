import type { GovernancePolicy, Model } from '../contract/index.js';
import { mpError } from '../core/index.js';
import type { Trx } from '../store/index.js';
import { toJson } from './_json.js';
import { getModel, modelRow } from './model-read.js';
import { mutate, type RegistryContext } from './context.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface CreateModelInput {
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly policy?: GovernancePolicy;
}

export interface UpdateModelInput {
  readonly description?: string;
  /** Merged into the model's tags; an empty value removes the tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Merged into the model's policy. */
  readonly policy?: GovernancePolicy;
}

export function assertModelName(name: string): void {
  if (!NAME.test(name)) throw mpError('MP_REGISTRY_MODEL_NAME_INVALID', name);
}

/**
 * Creates a model; a second create of the same name fails with MP_REGISTRY_MODEL_EXISTS.
 * @example await createModel(ctx, { name: 'fraud', policy: { approvalsRequired: 1 } })
 */
export async function createModel(ctx: RegistryContext, input: CreateModelInput): Promise<Model> {
  assertModelName(input.name);
  await mutate(ctx, async (trx, at) => {
    const inserted = await insertModelIfAbsent(trx, input, at, ctx.actor);
    if (!inserted) throw mpError('MP_REGISTRY_MODEL_EXISTS', input.name, input.name);
    return { result: undefined, changes: [modelCreated(input)] };
  });
  return ctx.store.query((db) => getModel(db, input.name));
}

/** Inserts the model unless it exists; true when this call created it. Safe against concurrent creators. */
export async function insertModelIfAbsent(trx: Trx, input: CreateModelInput, at: string, actor: string): Promise<boolean> {
  const row = await trx
    .insertInto('models')
    .values({
      name: input.name,
      description: input.description ?? '',
      tags: toJson(input.tags ?? {}),
      policy: toJson(input.policy ?? {}),
      latest_version: 0,
      created_at: at,
      updated_at: at,
      created_by: actor,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}

export function modelCreated(input: CreateModelInput): { action: string; subject: string; details: Record<string, unknown> } {
  return {
    action: 'model.create',
    subject: `models:/${input.name}`,
    details: { description: input.description ?? '', tags: input.tags ?? {}, policy: input.policy ?? {} },
  };
}

/** Changes description, tags or policy; the audit event keeps before and after. */
export async function updateModel(ctx: RegistryContext, name: string, input: UpdateModelInput): Promise<Model> {
  await mutate(ctx, async (trx, at) => {
    const before = await modelRow(trx, name);
    const after = {
      description: input.description ?? before.description,
      tags: mergeTags(before.tags, input.tags ?? {}),
      policy: { ...before.policy, ...input.policy },
    };
    await trx
      .updateTable('models')
      .set({ description: after.description, tags: toJson(after.tags), policy: toJson(after.policy), updated_at: at })
      .where('name', '=', name)
      .execute();
    const details = { before: { description: before.description, tags: before.tags, policy: before.policy }, after };
    return { result: undefined, changes: [{ action: 'model.update', subject: `models:/${name}`, details }] };
  });
  return ctx.store.query((db) => getModel(db, name));
}

function mergeTags(base: Record<string, string>, patch: Readonly<Record<string, string>>): Record<string, string> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
