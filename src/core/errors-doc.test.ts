import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from './errors-doc.js';
import { ERRORS } from './errors.js';

describe('docs/errors.md', () => {
  it('is in step with the catalog (regenerate with: npm run build && node scripts/errors-doc.mjs)', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
    for (const code of Object.keys(ERRORS)) expect(doc).toContain(`\`${code}\``);
  });
});
