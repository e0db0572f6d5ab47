import { Type, type Static } from 'typebox';

import type { Stage } from '../core/index.js';

export { STAGES, type Stage } from '../core/index.js';
export const StageSchema = Type.Union<[Type.TLiteral<Stage>, ...Type.TLiteral<Stage>[]]>([Type.Literal('None'), Type.Literal('Staging'), Type.Literal('Production'), Type.Literal('Archived')]);

const Tags = Type.Record(Type.String(), Type.String());

/** A model's governance policy (what `models create --policy` reads, YAML or JSON). */
export const GovernancePolicy = Type.Object(
  {
    approvalsRequired: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, description: 'approvals needed before Production or a protected alias' })),
    complianceLevel: Type.Optional(Type.String({ maxLength: 64 })),
    dataClassification: Type.Optional(Type.String({ maxLength: 64 })),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1 })),
    primaryMetric: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    primaryMetricGoal: Type.Optional(Type.Union([Type.Literal('max'), Type.Literal('min')])),
  },
  { additionalProperties: false },
);
export type GovernancePolicy = Static<typeof GovernancePolicy>;

/** A registered model: a named family of versions. */
export const Model = Type.Object({
  name: Type.String(),
  description: Type.String(),
  tags: Tags,
  policy: GovernancePolicy,
  latestVersion: Type.Integer(),
  aliases: Type.Record(Type.String(), Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  createdBy: Type.String(),
});
export type Model = Static<typeof Model>;
