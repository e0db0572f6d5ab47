import { Type, type Static } from 'typebox';

/** A numeric feature: quantile bin edges (n+1) with counts (n), moments, and percentiles 0..100. */
export const NumericFeatureProfile = Type.Object({
  name: Type.String(),
  type: Type.Literal('numeric'),
  count: Type.Integer(),
  missing: Type.Integer(),
  missingRate: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  mean: Type.Number(),
  std: Type.Number(),
  edges: Type.Array(Type.Number()),
  counts: Type.Array(Type.Integer()),
  percentiles: Type.Array(Type.Number()),
});

/** A categorical feature: frequencies of the most common categories; the rest in `otherCount`. */
export const CategoricalFeatureProfile = Type.Object({
  name: Type.String(),
  type: Type.Literal('categorical'),
  count: Type.Integer(),
  missing: Type.Integer(),
  missingRate: Type.Number(),
  categories: Type.Record(Type.String(), Type.Integer()),
  otherCount: Type.Integer(),
});

export const FeatureProfile = Type.Union([NumericFeatureProfile, CategoricalFeatureProfile]);
export type FeatureProfile = Static<typeof FeatureProfile>;
export type NumericFeatureProfile = Static<typeof NumericFeatureProfile>;
export type CategoricalFeatureProfile = Static<typeof CategoricalFeatureProfile>;

/** Distributions of the training/reference data, stored with a version for drift and warm-up. */
export const ReferenceProfile = Type.Object({
  formatVersion: Type.Literal(1),
  rowCount: Type.Integer(),
  source: Type.String(),
  features: Type.Array(FeatureProfile),
  target: Type.Union([
    Type.Null(),
    Type.Object({ name: Type.String(), kind: Type.Literal('classes'), classes: Type.Record(Type.String(), Type.Integer()) }),
    Type.Object({ name: Type.String(), kind: Type.Literal('numeric'), profile: NumericFeatureProfile }),
  ]),
  sampleRows: Type.Array(Type.Array(Type.Union([Type.Number(), Type.String(), Type.Null()]))),
});
export type ReferenceProfile = Static<typeof ReferenceProfile>;
