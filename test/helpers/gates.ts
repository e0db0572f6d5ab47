import { readFileSync } from 'node:fs';
import type { GatePolicy, ModelVersion, ReferenceProfile } from '../../src/contract/index.js';
import { createSeededRandom, createTestClock, parseCsv, type Clock } from '../../src/core/index.js';
import type { LoadedModel } from '../../src/engine/index.js';
import { effectivePolicy, holdoutFromTable, runGates, type Gate, type GateContext, type GateVerdict, type Holdout } from '../../src/gates/index.js';
import type { RegisterInput } from '../../src/registry/index.js';
import { createSystemClock } from '../../src/app/system-clock.js';
import { fixture } from './fixtures.js';
import type { RegistryHarness } from './registry.js';

/** A fixture of test/fixtures/gates/. */
export const gateFixture = (name: string): string => fixture(`gates/${name}`);

/** sklearn's (and numpy's) numbers for the gate fixtures, written by scripts/make-gate-fixtures.py. */
export const gateExpected = JSON.parse(readFileSync(gateFixture('expected-gates.json'), 'utf8')) as {
  'breast-cancer-weak.onnx': { accuracy: number; roc_auc: number };
  'breast-cancer-holdout-groups.csv': { fairness_logreg: Fairness; fairness_weak: Fairness };
  drift: { one: { ks_drifted_vs_train: number; feature: string }; many: { ks_drifted_vs_train: number; features: string[] }; none: { ks_drifted_vs_train: number } };
};

interface Fairness {
  groups: Record<string, { n: number; accuracy: number; selectionRate: number; tpr: number; fpr: number }>;
  accuracyGap: number;
  demographicParityDifference: number;
  equalizedOddsDifference: number;
  disparateImpactRatio: number;
}

/** A holdout CSV (committed fixture name or absolute path) read with the version's feature names. */
export function holdoutOf(csv: string, version: ModelVersion, options: { target?: string; exclude?: string[] } = {}): Holdout {
  const path = csv.startsWith('/') ? csv : fixture(csv);
  return holdoutFromTable(parseCsv(readFileSync(path, 'utf8')), {
    source: path,
    target: options.target ?? 'target',
    ...(version.signature.featureNames ? { featureNames: version.signature.featureNames } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
}

/** Registers a fixture model (breast-cancer models get the train CSV as reference unless `reference: false`). */
export async function registerFixture(h: RegistryHarness, name: string, file: string, extra: Omit<Partial<RegisterInput>, 'reference'> & { reference?: RegisterInput['reference'] | false } = {}): Promise<ModelVersion> {
  const { reference, ...rest } = extra;
  const train = file.includes('iris') ? 'iris-train.csv' : file.includes('diabetes') ? 'diabetes-train.csv' : 'breast-cancer-train.csv';
  return h.registry.register({
    name,
    file: file.includes('/') ? file : fixture(file),
    ...(reference === false ? {} : { reference: reference ?? { file: fixture(train), target: 'target' } }),
    ...rest,
  });
}

export interface CheckOptions {
  readonly policy?: GatePolicy;
  readonly holdout?: Holdout | null;
  readonly service?: { url: string; endpoint: string } | null;
  /** Default: the system clock (latency measures real time). */
  readonly clock?: Clock;
}

/** Runs one gate through runGates (so errors become outcome Error exactly as in production) and returns its result. */
export async function checkGate(h: RegistryHarness, gate: Gate, uri: string, options: CheckOptions = {}) {
  const version = await h.registry.getVersion(uri);
  const profile = version.hasProfile ? await h.registry.getProfile(uri) : null;
  const holdout = options.holdout ?? null;
  const policy = effectivePolicy(options.policy, { data: holdout !== null, profile: profile !== null });
  const engine = (await import('../../src/engine/index.js')).createOnnxEngine();
  const run = await runGates(version, policy, {
    registry: h.registry, artifacts: h.artifacts, engine, clock: options.clock ?? createSystemClock(), holdout, profile, service: options.service ?? null, gates: [gate],
  });
  const result = run.results[0];
  if (!result) throw new Error(`gate ${gate.name} did not run (enabled: ${gate.enabled(policy)})`);
  return result;
}

/**
 * A context over raw bytes for the gates that only read the artifact (safety on models onnxruntime would refuse to
 * register, so they cannot come from the registry).
 */
export function bytesContext(bytes: Uint8Array, policy: GatePolicy = {}, profile: ReferenceProfile | null = null): GateContext {
  const unused = (what: string) => () => Promise.reject(new Error(`${what} is not available in a bytes-only context`));
  return {
    policy: effectivePolicy(policy, { data: false, profile: false }),
    clock: createTestClock(0),
    holdout: null,
    profile,
    service: null,
    artifact: () => Promise.resolve(bytes),
    model: unused('model') as () => Promise<LoadedModel>,
    predictions: unused('predictions') as GateContext['predictions'],
    compareWith: unused('compareWith') as GateContext['compareWith'],
  };
}

/** The verdict of a gate on a bytes-only context. */
export function checkBytes(gate: Gate, bytes: Uint8Array, policy: GatePolicy = {}): Promise<GateVerdict> {
  return gate.check({} as ModelVersion, bytesContext(bytes, policy));
}

/** A seeded uniform source for tests that generate data. */
export function seeded(seed: number): () => number {
  const r = createSeededRandom(seed);
  return () => r.next();
}
