import type { ValidationRun } from '../../contract/index.js';

/**
 * The run as pretty JSON (what `--json` prints); NaN and infinities become null.
 * @example writeFileSync('report.json', renderJson(run))
 */
export function renderJson(run: ValidationRun): string {
  return `${JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
