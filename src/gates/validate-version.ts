import type { GatePolicy, ModelVersion, ReferenceProfile, ValidationRun, ValidationSuite } from '../contract/index.js';
import { TEST_GATES, VALIDATION_GATES } from './builtin/index.js';
import type { GateDeps } from './context.js';
import { readHoldout } from './data/read-holdout.js';
import type { Holdout } from './data/holdout.js';
import { effectivePolicy } from './default-policy.js';
import type { ServiceTarget } from './gate.js';
import { runGates } from './run-gates.js';

/** One validation of one version. */
export interface ValidateInput {
  /** models:/name/3, name@challenger, … */
  readonly uri: string;
  /** The user's policy (file paths in it already resolved); default: the default policy. */
  readonly policy?: GatePolicy;
  /** Holdout data; overrides the policy's `data`. */
  readonly data?: { readonly path: string; readonly target: string };
  /** 'test' adds the integration gate (`modelpilot test`). Default 'validate'. */
  readonly suite?: ValidationSuite;
  readonly service?: ServiceTarget;
}

/**
 * Validates a version and stores the run with it: reads the version, its profile and the holdout, runs the gates of
 * the effective policy, and records the run in the registry (one audit event).
 * @example const run = await validateVersion({ uri: 'fraud/3', data: { path: 'holdout.csv', target: 'label' } }, deps);
 */
export async function validateVersion(input: ValidateInput, deps: GateDeps): Promise<ValidationRun> {
  const version = await deps.registry.getVersion(input.uri);
  const profile: ReferenceProfile | null = version.hasProfile ? await deps.registry.getProfile(version.uri) : null;
  const user: GatePolicy = { ...input.policy, ...(input.data ? { data: { ...input.data } } : {}) };
  const holdout = await loadHoldout(user, version);
  const policy = effectivePolicy(user, { data: holdout !== null, profile: profile !== null });
  const suite = input.suite ?? 'validate';
  const run = await runGates(version, policy, { ...deps, holdout, profile, service: input.service ?? null, suite, gates: suite === 'test' ? TEST_GATES : VALIDATION_GATES });
  return deps.registry.recordValidation(run);
}

async function loadHoldout(policy: GatePolicy, version: ModelVersion): Promise<Holdout | null> {
  if (!policy.data) return null;
  const exclude = policy.bias ? [policy.bias.attribute] : [];
  const featureNames = version.signature.featureNames;
  return readHoldout(policy.data.path, { target: policy.data.target, exclude, ...(featureNames ? { featureNames } : {}) });
}
