import { mpError } from './errors.js';

/** A parsed model URI: a fixed version or an alias. */
export type ModelRef =
  | { readonly name: string; readonly kind: 'version'; readonly version: number }
  | { readonly name: string; readonly kind: 'alias'; readonly alias: string }
  | { readonly name: string; readonly kind: 'latest' };

const FORM = /^(?:models:\/)?([A-Za-z0-9][A-Za-z0-9._-]{0,127})(?:\/(\d+|latest)|@([A-Za-z_][A-Za-z0-9_-]{0,63}))$/;

/**
 * Parses `models:/name/3`, `models:/name@champion`, `name/3`, `name@champion`, `name/latest`.
 * @example parseModelUri('models:/fraud@champion') // { name: 'fraud', kind: 'alias', alias: 'champion' }
 */
export function parseModelUri(text: string): ModelRef {
  const m = FORM.exec(text.trim());
  if (!m?.[1]) throw mpError('MP_URI_INVALID', text);
  const name = m[1];
  if (m[3]) return { name, kind: 'alias', alias: m[3] };
  if (m[2] === 'latest') return { name, kind: 'latest' };
  const version = Number(m[2]);
  if (!Number.isSafeInteger(version) || version < 1) throw mpError('MP_URI_INVALID', text);
  return { name, kind: 'version', version };
}

/** The canonical URI of a fixed version. @example versionUri('fraud', 3) // 'models:/fraud/3' */
export function versionUri(name: string, version: number): string {
  return `models:/${name}/${version}`;
}

/** The canonical text of a ref. */
export function formatModelRef(ref: ModelRef): string {
  if (ref.kind === 'version') return versionUri(ref.name, ref.version);
  if (ref.kind === 'alias') return `models:/${ref.name}@${ref.alias}`;
  return `models:/${ref.name}/latest`;
}
