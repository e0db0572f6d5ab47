import { canonicalJson } from '../core/index.js';

/** JSON columns are written canonically so equal values compare equal as text. */
export const toJson = (value: unknown): string => canonicalJson(value);

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
