import type { GateOutcome, ValidationRun } from '../../contract/index.js';
import { table } from '../output.js';

const COLOURS: Readonly<Record<GateOutcome, string>> = { Pass: '32', Skipped: '90', Warn: '33', Error: '35', Fail: '31' };

/** An outcome word, coloured only when stdout is a terminal. */
export function outcomeText(outcome: GateOutcome): string {
  const tty = Boolean((process.stdout as { isTTY?: boolean }).isTTY);
  return tty ? `\u001b[${COLOURS[outcome]}m${outcome}\u001b[0m` : outcome;
}

/** A run as people read it: one row per gate, then the verdict and `summary` (contract's summaryLine). */
export function showRun(run: ValidationRun, summary: string, reports: readonly string[] = []): string {
  const rows = run.results.map((r) => [r.gate, outcomeText(r.outcome), r.score ?? null, r.threshold ?? '', r.message]);
  return [
    table(['gate', 'outcome', 'score', 'threshold', 'message'], rows),
    '',
    `${run.uri}: ${outcomeText(run.outcome)} — ${summary} (run ${run.id}, ${(run.durationMs / 1000).toFixed(2)} s)`,
    ...reports.map((f) => `report written: ${f}`),
  ].join('\n');
}

/** The gates whose outcome blocks promotion. */
export function blocking(run: ValidationRun): string[] {
  return run.results.filter((r) => r.outcome === 'Fail' || r.outcome === 'Error').map((r) => r.gate);
}
