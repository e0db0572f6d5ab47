import { worstOutcome, type GatePolicy, type GateResult, type ModelVersion, type NewValidationRun, type ValidationSuite } from '../contract/index.js';
import type { Holdout } from './data/holdout.js';

/**
 * A run from its gates' results: the worst outcome wins; the pass rate counts passes among the gates that were not
 * skipped.
 * @example summarizeRun(version, 'validate', results, policy, holdout, 812).outcome // 'Fail'
 */
export function summarizeRun(
  version: ModelVersion,
  suite: ValidationSuite,
  results: readonly GateResult[],
  policy: GatePolicy,
  holdout: Holdout | null,
  durationMs: number,
): NewValidationRun {
  const count = (o: GateResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const skipped = count('Skipped');
  const passed = count('Pass');
  const judged = results.length - skipped;
  return {
    model: version.model,
    version: version.version,
    uri: version.uri,
    suite,
    outcome: results.reduce<GateResult['outcome']>((w, r) => worstOutcome(w, r.outcome), 'Pass'),
    total: results.length,
    passed,
    failed: count('Fail'),
    errors: count('Error'),
    warnings: count('Warn'),
    skipped,
    passRate: judged === 0 ? null : passed / judged,
    durationMs,
    data: holdout ? { source: holdout.source, rows: holdout.rows } : null,
    policy,
    results: [...results],
  };
}
