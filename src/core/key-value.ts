import { mpError } from './errors.js';

/**
 * Parses repeated `k=v` flags into a record; the value may contain '='. A later key wins.
 * @example parseKeyValues(['owner=ana', 'note=a=b']) // { owner: 'ana', note: 'a=b' }
 */
export function parseKeyValues(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const key = at > 0 ? item.slice(0, at).trim() : '';
    if (!key) throw mpError('MP_INPUT_KV_MALFORMED', item, item.split('=')[0] || 'key');
    out[key] = item.slice(at + 1);
  }
  return out;
}

/** Like {@link parseKeyValues} but values must be finite numbers (metrics). */
export function parseNumericKeyValues(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of Object.entries(parseKeyValues(items))) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw mpError('MP_INPUT_INVALID', `metric ${key}=${text} is not a finite number — write it as ${key}=0.93`);
    }
    out[key] = value;
  }
  return out;
}
