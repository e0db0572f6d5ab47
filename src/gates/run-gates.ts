import type { GatePolicy, ModelVersion, NewValidationRun, ValidationSuite } from '../contract/index.js';
import { createGateContext, type GateDeps, type GateInputs } from './context.js';
import { toResult, verdict, type Gate, type GateVerdict } from './gate.js';
import { VALIDATION_GATES } from './builtin/index.js';
import { summarizeRun } from './summary.js';

/** What a run needs besides the version and the policy. */
export interface RunGatesDeps extends GateDeps, Omit<GateInputs, 'policy'> {
  /** Default VALIDATION_GATES. */
  readonly gates?: readonly Gate[];
  /** Default 'validate'. */
  readonly suite?: ValidationSuite;
}

/**
 * Runs every gate the (effective) policy enables, in order, and summarizes. A failing gate is data; a gate that throws
 * becomes outcome Error with the error's message, and the other gates still run. Nothing is stored here (the
 * registry's recordValidation does that).
 * @example const run = await runGates(version, effectivePolicy(policy, { data: true, profile: true }), { ...deps, holdout, profile, service: null });
 */
export async function runGates(version: ModelVersion, policy: GatePolicy, deps: RunGatesDeps): Promise<NewValidationRun> {
  const ctx = createGateContext(version, { policy, holdout: deps.holdout, profile: deps.profile, service: deps.service }, deps);
  const started = deps.clock.monotonic();
  const results = [];
  try {
    for (const gate of deps.gates ?? VALIDATION_GATES) {
      if (!gate.enabled(policy)) continue;
      const t0 = deps.clock.monotonic();
      const v = await gate.check(version, ctx).catch((e: unknown): GateVerdict => verdict('Error', errorMessage(e), { details: { error: errorCode(e) } }));
      results.push(toResult(gate, v, deps.clock.monotonic() - t0));
    }
  } finally {
    await ctx.close();
  }
  return summarizeRun(version, deps.suite ?? 'validate', results, policy, deps.holdout, deps.clock.monotonic() - started);
}

function errorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.slice(0, 500);
}

function errorCode(e: unknown): string {
  return (e as { code?: string }).code ?? (e instanceof Error ? e.name : 'Error');
}
