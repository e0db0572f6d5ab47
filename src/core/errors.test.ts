import { describe, expect, it } from 'vitest';
import { ERRORS, isMpError, ModelpilotError, mpError, type ErrorCode } from './errors.js';

const entries = Object.entries(ERRORS) as [ErrorCode, (typeof ERRORS)[ErrorCode]][];
/** Catalog entries whose whole text is given by the caller. */
const FREE_TEXT: readonly ErrorCode[] = ['MP_USAGE', 'MP_INPUT_INVALID'];

describe('mpError', () => {
  it('fills %s placeholders in order, numbers included', () => {
    const e = mpError('MP_REGISTRY_NOT_APPROVED', 'models:/fraud/3', 1, 2, ' (needed for Production)', 'models:/fraud/3');
    expect(e.message).toBe(
      'models:/fraud/3 has 1 of 2 required approvals (needed for Production) — approve it first: modelpilot approve models:/fraud/3 --by <who>',
    );
  });

  it('fills a missing argument with empty text and ignores extra ones', () => {
    expect(mpError('MP_ARTIFACT_CORRUPT', 'sha256:aa').message).toBe(
      'artifact sha256:aa does not match its digest (got ) — the file was changed on disk; re-register the model file',
    );
    expect(mpError('MP_FILE_NOT_FOUND', 'a.onnx', 'extra').message).toBe('file a.onnx not found — check the path');
  });

  it('inserts arguments literally: no re-expansion of %s and no $-patterns', () => {
    expect(mpError('MP_FILE_INVALID', '%s', "$& $1 $'").message).toBe("%s is not valid: $& $1 $' — fix the file and try again");
  });

  it('takes the free-text codes verbatim', () => {
    expect(mpError('MP_USAGE', 'an approver is required — pass --by <who>').message).toBe('an approver is required — pass --by <who>');
  });

  it('carries the code, status and retryable flag of its catalog entry', () => {
    const e = mpError('MP_STORE_LOCKED', '/tmp/x.db');
    expect(e).toBeInstanceOf(ModelpilotError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ModelpilotError');
    expect([e.code, e.status, e.retryable]).toEqual(['MP_STORE_LOCKED', 503, true]);
    const nf = mpError('MP_REGISTRY_MODEL_NOT_FOUND', 'fraud');
    expect([nf.code, nf.status, nf.retryable]).toEqual(['MP_REGISTRY_MODEL_NOT_FOUND', 404, false]);
  });
});

describe('ModelpilotError', () => {
  it('keeps a cause', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new ModelpilotError('MP_STORE_UNREACHABLE', 'database x is unreachable', { cause });
    expect(e.cause).toBe(cause);
    expect([e.status, e.retryable]).toEqual([503, true]);
  });
});

describe('isMpError', () => {
  it('recognises catalog errors, optionally by code', () => {
    const e = mpError('MP_URI_INVALID', 'x');
    expect(isMpError(e)).toBe(true);
    expect(isMpError(e, 'MP_URI_INVALID')).toBe(true);
    expect(isMpError(e, 'MP_USAGE')).toBe(false);
  });

  it('refuses look-alikes', () => {
    expect(isMpError(Object.assign(new Error('x'), { code: 'MP_URI_INVALID' }), 'MP_URI_INVALID')).toBe(false);
    expect(isMpError({ code: 'MP_URI_INVALID', status: 400 })).toBe(false);
    expect(isMpError(null)).toBe(false);
    expect(isMpError('MP_URI_INVALID')).toBe(false);
  });
});

describe('ERRORS catalog', () => {
  it('names codes MP_AREA_WHAT in capitals', () => {
    for (const [code] of entries) expect(code).toMatch(/^MP_[A-Z]+(_[A-Z0-9]+)*$/);
  });

  it.each(entries)('%s has a 4xx/5xx status and retries only server-side failures or write conflicts', (_code, [status, retryable]) => {
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    // A 409 from optimistic concurrency (someone else saved first) succeeds when simply tried again.
    if (retryable) expect(status === 409 || status >= 500).toBe(true);
  });

  it.each(entries.filter(([code]) => FREE_TEXT.includes(code)))('%s is free text given by the caller', (_code, [, , template]) => {
    expect(template).toBe('%s');
  });

  it.each(entries.filter(([code]) => !FREE_TEXT.includes(code)))("%s ends with a fix (' — ' then advice)", (_code, [, , template]) => {
    const at = template.lastIndexOf(' — ');
    expect(at, `"${template}" has no ' — <fix>' tail`).toBeGreaterThan(0);
    expect(template.slice(at + 3).trim()).not.toBe('');
  });
});
