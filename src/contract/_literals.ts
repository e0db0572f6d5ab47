import { Type } from 'typebox';

/** A union of string literals from an `as const` list, typed as the list's element type. */
export function literalUnion<T extends string>(values: readonly T[]) {
  return Type.Union(values.map((v) => Type.Literal(v)) as unknown as [Type.TLiteral<T>, ...Type.TLiteral<T>[]]);
}
