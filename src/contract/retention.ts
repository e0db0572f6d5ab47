import { Type, type Static } from 'typebox';
import { StageSchema } from './model.js';

/** One retention rule: keep at most `maxVersions` newest versions in a stage, none older than `maxAgeDays`. */
export const RetentionRule = Type.Object(
  {
    stage: Type.Union([Type.Literal('None'), Type.Literal('Staging'), Type.Literal('Production')], { description: 'Archived versions are never touched' }),
    maxVersions: Type.Optional(Type.Integer({ minimum: 0 })),
    maxAgeDays: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);
export type RetentionRule = Static<typeof RetentionRule>;

/** The file `modelpilot retention apply` reads. `models` limits it to some models (default: all). */
export const RetentionPolicy = Type.Object(
  {
    models: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    rules: Type.Array(RetentionRule, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RetentionPolicy = Static<typeof RetentionPolicy>;

/** What retention did (or would do, with --dry-run) to one version. */
export const RetentionAction = Type.Object({
  model: Type.String(),
  version: Type.Integer(),
  from: StageSchema,
  action: Type.Literal('archive'),
  reason: Type.String(),
});
export type RetentionAction = Static<typeof RetentionAction>;

/** A version retention would have archived but must keep, and why. */
export const RetentionKept = Type.Object({ model: Type.String(), version: Type.Integer(), reason: Type.String() });
export type RetentionKept = Static<typeof RetentionKept>;
