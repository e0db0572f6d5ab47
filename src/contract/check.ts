import type { TSchema, Static } from 'typebox';

export type { TSchema, Static };
import { Value } from 'typebox/value';

/** Outcome of checking a value against a schema: the typed value, or readable problems. */
export type CheckResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks `value` against `schema` without throwing (a bad file is data, not a bug).
 * @example const r = checkValue(RetentionPolicy, yaml); if (!r.ok) console.log(r.problems);
 */
export function checkValue<S extends TSchema>(schema: S, value: unknown): CheckResult<Static<S>> {
  if (Value.Check(schema, value)) return { ok: true, value: value as Static<S> };
  const problems = [...Value.Errors(schema, value)]
    .filter((e) => e.keyword !== 'boolean')
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${describe(e.message, e.params)}`);
  return { ok: false, problems: problems.length > 0 ? problems : ['does not match the schema'] };
}

function describe(message: string, params: unknown): string {
  const extra = (params as { additionalProperties?: unknown }).additionalProperties;
  return Array.isArray(extra) ? `has unknown field(s) ${extra.join(', ')}` : message;
}
