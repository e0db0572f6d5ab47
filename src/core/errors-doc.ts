import { ERRORS } from './errors.js';

/**
 * The error reference page, rendered from the catalog so the two never disagree (a test compares them).
 * @example writeFileSync('docs/errors.md', renderErrorsDoc())
 */
export function renderErrorsDoc(): string {
  const rows = Object.entries(ERRORS).map(([code, [status, retryable, template]]) => {
    const text = template.replace(/%s/g, '…').replace(/\|/g, '\\|');
    return `| \`${code}\` | ${status} | ${retryable ? 'yes' : 'no'} | ${text} |`;
  });
  return [
    '# Error codes',
    '',
    'Every expected failure has a code. The HTTP API answers `{ "code", "message" }` with the status below; the CLI',
    'exits 1 (2 for usage errors) and prints one line, `error <code>: <message>`, whose tail says how to fix it.',
    'This page is generated from `src/core/errors.ts` (`node scripts/errors-doc.mjs`); a test keeps it in step.',
    '',
    '| code | HTTP | retry helps | message (… is filled in) |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
