import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/index.js';

/** The fields of an event that its hash covers (everything but the hashes). */
export interface ChainedFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * `sha256(prevHash + canonical(fields))`, hex. Editing any field of any row changes every later hash.
 * @example chainHash(GENESIS_HASH, { seq: 1, at, actor: 'ana', action: 'model.create', subject: 'models:/fraud', details: {} })
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const { seq, at, actor, action, subject, details } = fields;
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ seq, at, actor, action, subject, details }))
    .digest('hex');
}
