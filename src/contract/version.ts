import { Type, type Static } from 'typebox';
import { StageSchema } from './model.js';
import { ReferenceProfile } from './profile.js';

/** One tensor of a signature; `null` or a name marks a free dimension (the batch). */
export const TensorSpec = Type.Object({
  name: Type.String(),
  dtype: Type.String(),
  shape: Type.Array(Type.Union([Type.Integer(), Type.String(), Type.Null()])),
});
export type TensorSpec = Static<typeof TensorSpec>;

/** Inputs and outputs read from the ONNX file at registration, plus optional feature names. */
export const Signature = Type.Object({
  inputs: Type.Array(TensorSpec),
  outputs: Type.Array(TensorSpec),
  featureNames: Type.Optional(Type.Array(Type.String())),
});
export type Signature = Static<typeof Signature>;

/** One approval decision on a version. */
export const Approval = Type.Object({
  decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
  by: Type.String(),
  notes: Type.String(),
  at: Type.String(),
});
export type Approval = Static<typeof Approval>;

const Texts = Type.Record(Type.String(), Type.String());

/** An immutable registered version (its stage, aliases and approvals move; its artifact never does). */
export const ModelVersion = Type.Object({
  model: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  uri: Type.String(),
  digest: Type.String(),
  sizeBytes: Type.Integer(),
  stage: StageSchema,
  aliases: Type.Array(Type.String()),
  description: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  sourceFile: Type.String(),
  signature: Signature,
  metrics: Type.Record(Type.String(), Type.Number()),
  params: Texts,
  tags: Texts,
  lineage: Texts,
  approvals: Type.Array(Approval),
  hasProfile: Type.Boolean(),
});
export type ModelVersion = Static<typeof ModelVersion>;

/** A version with its reference profile attached. */
export const ModelVersionWithProfile = Type.Intersect([ModelVersion, Type.Object({ profile: Type.Union([ReferenceProfile, Type.Null()]) })]);
export type ModelVersionWithProfile = Static<typeof ModelVersionWithProfile>;

/** One move of an alias. `from`/`to` are null when the alias was created or deleted. */
export const AliasMove = Type.Object({
  alias: Type.String(),
  from: Type.Union([Type.Integer(), Type.Null()]),
  to: Type.Union([Type.Integer(), Type.Null()]),
  by: Type.String(),
  at: Type.String(),
});
export type AliasMove = Static<typeof AliasMove>;
