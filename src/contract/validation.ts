import { Type, type Static } from 'typebox';
import { literalUnion as literals } from './_literals.js';
import { GatePolicy } from './gate-policy.js';

/**
 * Outcomes of a gate, least to most severe; a run's outcome is the worst of its gates'. Skipped (nothing to check,
 * e.g. no champion to compare with) and Warn (measured, reported, not judged a failure) do not block; Error (the
 * gate could not check) and Fail do.
 */
export const GATE_OUTCOMES = ['Pass', 'Skipped', 'Warn', 'Error', 'Fail'] as const;
export type GateOutcome = (typeof GATE_OUTCOMES)[number];

/** Outcomes that keep a version out of Production and off @champion (unless forced). */
export const BLOCKING_OUTCOMES: readonly GateOutcome[] = ['Error', 'Fail'];

/**
 * The more severe of two outcomes.
 * @example worstOutcome('Warn', 'Fail') // 'Fail'
 */
export function worstOutcome(a: GateOutcome, b: GateOutcome): GateOutcome {
  return GATE_OUTCOMES.indexOf(a) >= GATE_OUTCOMES.indexOf(b) ? a : b;
}

/** What a gate checks, for grouping in reports (the `modelpilot test` suites). */
export const GATE_CATEGORIES = ['security', 'unit', 'quality', 'performance', 'integration', 'bias', 'drift', 'governance'] as const;
export type GateCategory = (typeof GATE_CATEGORIES)[number];

/** One gate's verdict, with the numbers behind it. */
export const GateResult = Type.Object({
  gate: Type.String(),
  category: literals(GATE_CATEGORIES),
  outcome: literals(GATE_OUTCOMES),
  /** The measured value the verdict rests on (absent when there is no single number). */
  score: Type.Optional(Type.Number()),
  /** The limit as the policy wrote it, e.g. ">= 0.95". */
  threshold: Type.Optional(Type.String()),
  message: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  durationMs: Type.Number(),
});
export type GateResult = Static<typeof GateResult>;

/** Which command produced a run. */
export const VALIDATION_SUITES = ['validate', 'test'] as const;
export type ValidationSuite = (typeof VALIDATION_SUITES)[number];

/** Everything a validation run records, before the registry numbers and stamps it. */
export const NewValidationRun = Type.Object({
  model: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  uri: Type.String(),
  suite: literals(VALIDATION_SUITES),
  outcome: literals(GATE_OUTCOMES),
  total: Type.Integer(),
  passed: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Integer(),
  warnings: Type.Integer(),
  skipped: Type.Integer(),
  /** passed / (total − skipped); null when every gate was skipped. */
  passRate: Type.Union([Type.Number(), Type.Null()]),
  durationMs: Type.Number(),
  data: Type.Union([Type.Null(), Type.Object({ source: Type.String(), rows: Type.Integer() })]),
  /** The effective policy: the defaults with the user's file applied. */
  policy: GatePolicy,
  results: Type.Array(GateResult),
});
export type NewValidationRun = Static<typeof NewValidationRun>;

/** A stored validation run of a version. */
export const ValidationRun = Type.Intersect([
  Type.Object({ id: Type.Integer({ minimum: 1 }), at: Type.String(), actor: Type.String() }),
  NewValidationRun,
]);
export type ValidationRun = Static<typeof ValidationRun>;

/**
 * The seed's one-line summary of a run.
 * @example summaryLine(run) // "12 gates: 10 passed, 1 failed, 0 errors, 1 warning, 0 skipped — pass rate 90.9%"
 */
export function summaryLine(run: Pick<NewValidationRun, 'total' | 'passed' | 'failed' | 'errors' | 'warnings' | 'skipped' | 'passRate'>): string {
  const rate = run.passRate === null ? 'n/a' : `${(run.passRate * 100).toFixed(1)}%`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(run.total, 'gate')}: ${run.passed} passed, ${run.failed} failed, ${plural(run.errors, 'error')}, ${plural(run.warnings, 'warning')}, ${run.skipped} skipped — pass rate ${rate}`;
}

/** The gates of a run whose outcome blocks promotion. */
export function blockingGates(run: Pick<NewValidationRun, 'results'>): string[] {
  return run.results.filter((r) => BLOCKING_OUTCOMES.includes(r.outcome)).map((r) => r.gate);
}
