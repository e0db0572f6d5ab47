import { createHash } from 'node:crypto';
import { isMpError } from '../../core/index.js';
import { DEFAULT_MAX_ARTIFACT_BYTES, section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';

/**
 * The artifact is in the store, its bytes hash to the registered digest, its size is the registered one and within
 * the limit.
 */
export const integrityGate: Gate = {
  name: 'integrity',
  category: 'security',
  enabled: (policy) => policy.integrity !== false,
  async check(version, ctx) {
    const maxBytes = section(ctx.policy, 'integrity')?.maxBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
    let bytes: Uint8Array;
    try {
      bytes = await ctx.artifact();
    } catch (e) {
      if (!isMpError(e, 'MP_ARTIFACT_NOT_FOUND') && !isMpError(e, 'MP_ARTIFACT_CORRUPT')) throw e;
      return verdict('Fail', e.message, { details: { registeredDigest: version.digest, reason: e.code } });
    }
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const problems = [
      digest !== version.digest ? `the bytes hash to ${digest}, not the registered ${version.digest}` : '',
      bytes.length !== version.sizeBytes ? `it is ${bytes.length} bytes, not the registered ${version.sizeBytes}` : '',
      bytes.length > maxBytes ? `it is ${bytes.length} bytes, more than the limit of ${maxBytes}` : '',
    ].filter(Boolean);
    const extra = { score: bytes.length, threshold: `<= ${maxBytes} bytes`, details: { digest, registeredDigest: version.digest, sizeBytes: bytes.length, maxBytes } };
    if (problems.length > 0) return verdict('Fail', `artifact refused: ${problems.join('; ')}`, extra);
    return verdict('Pass', `artifact present, ${bytes.length} bytes, sha256 matches the registered digest`, extra);
  },
};
