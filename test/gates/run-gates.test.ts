import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkValue, ValidationRun } from '../../src/contract/index.js';
import { createOnnxEngine } from '../../src/engine/index.js';
import { effectivePolicy, runGates, validateVersion, VALIDATION_GATES, verdict, type Gate } from '../../src/gates/index.js';
import { createSystemClock } from '../../src/app/system-clock.js';
import { fixture } from '../helpers/fixtures.js';
import { gateFixture, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

let h: RegistryHarness;
const deps = () => ({ registry: h.registry, artifacts: h.artifacts, engine: createOnnxEngine(), clock: createSystemClock() });

beforeAll(async () => {
  h = await openHarness('sqlite');
  await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx');
  await registerFixture(h, 'bc', gateFixture('breast-cancer-weak.onnx'));
  await h.registry.approve('bc/1', { by: 'ana' });
  await h.registry.setAlias('bc', 'champion', 1);
});
afterAll(async () => h?.close());

const gate = (name: string, check: Gate['check']): Gate => ({ name, category: 'unit', enabled: () => true, check });

describe('runGates', () => {
  it('turns a gate that throws into outcome Error with its message, and still runs the others', async () => {
    const version = await h.registry.getVersion('bc/1');
    const gates = [
      gate('first', async () => verdict('Pass', 'fine')),
      gate('broken', async () => {
        throw new Error('disk on fire\nstack…');
      }),
      gate('last', async () => verdict('Fail', 'too low', { score: 0.5, threshold: '>= 0.9' })),
      { ...gate('off', async () => verdict('Pass', 'never')), enabled: () => false },
    ];
    const run = await runGates(version, {}, { ...deps(), holdout: null, profile: null, service: null, gates });
    expect(run.results.map((r) => [r.gate, r.outcome, r.message])).toEqual([
      ['first', 'Pass', 'fine'],
      ['broken', 'Error', 'disk on fire'],
      ['last', 'Fail', 'too low'],
    ]);
    expect(run).toMatchObject({ outcome: 'Fail', total: 3, passed: 1, failed: 1, errors: 1, skipped: 0, warnings: 0, passRate: 1 / 3 });
    expect(run.results[1]!.details).toEqual({ error: 'Error' });
  });

  it('takes the worst outcome and leaves skipped gates out of the pass rate', async () => {
    const version = await h.registry.getVersion('bc/1');
    const gates = [gate('a', async () => verdict('Pass', '')), gate('b', async () => verdict('Skipped', '')), gate('c', async () => verdict('Warn', ''))];
    const run = await runGates(version, {}, { ...deps(), holdout: null, profile: null, service: null, gates });
    expect([run.outcome, run.passRate, run.skipped, run.warnings]).toEqual(['Warn', 0.5, 1, 1]);
  });

  it('runs the default set on a version without data: the artifact and model checks', async () => {
    const version = await h.registry.getVersion('bc/1');
    const run = await runGates(version, effectivePolicy(undefined, { data: false, profile: true }), { ...deps(), holdout: null, profile: null, service: null, gates: VALIDATION_GATES });
    expect(run.results.map((r) => r.gate)).toEqual(['integrity', 'safety', 'signature', 'unit', 'robustness', 'latency']);
    expect(run.data).toBeNull();
  });
});

describe('validateVersion', () => {
  it('stores the run with the version, audited, and the latest run is the one read back', async () => {
    const first = await validateVersion({ uri: 'bc/2', data: { path: fixture('breast-cancer-holdout.csv'), target: 'target' } }, deps());
    expect(checkValue(ValidationRun, JSON.parse(JSON.stringify(first))).ok).toBe(true);
    expect(first).toMatchObject({ id: expect.any(Number), model: 'bc', version: 2, uri: 'models:/bc/2', suite: 'validate', outcome: 'Fail', actor: 'tester', data: { rows: 143 } });
    expect(first.results.filter((r) => r.outcome === 'Fail').map((r) => r.gate)).toEqual(['no-regression']);
    expect(first.policy).toMatchObject({ data: { target: 'target' }, noRegression: { against: 'champion' }, drift: { maxShare: 0.5 } });
    const second = await validateVersion({ uri: 'bc/2', data: { path: fixture('breast-cancer-holdout.csv'), target: 'target' }, policy: { noRegression: false } }, deps());
    expect(second.outcome).not.toBe('Fail');
    expect(await h.registry.latestValidation('bc/2')).toEqual(second);
    expect((await h.registry.listValidations('bc/2')).map((r) => r.id)).toEqual([second.id, first.id]);
    const events = await h.registry.listAudit({ action: 'version.validate' });
    expect(events.map((e) => e.details)).toEqual([
      { run: first.id, suite: 'validate', outcome: 'Fail', passed: first.passed, failed: 1, errors: 0, blockingGates: ['no-regression'] },
      { run: second.id, suite: 'validate', outcome: second.outcome, passed: second.passed, failed: 0, errors: 0, blockingGates: [] },
    ]);
    expect((await h.registry.verifyAudit()).ok).toBe(true);
  });

  it('refuses data that does not fit, before any gate runs, and stores nothing', async () => {
    const before = (await h.registry.listValidations('bc/1')).length;
    await expect(validateVersion({ uri: 'bc/1', data: { path: fixture('breast-cancer-holdout.csv'), target: 'label' } }, deps())).rejects.toMatchObject({ code: 'MP_GATES_DATA_INVALID', message: expect.stringContaining("has no column 'label'") });
    await expect(validateVersion({ uri: 'bc/1', data: { path: fixture('iris-holdout.csv'), target: 'target' } }, deps())).rejects.toMatchObject({ code: 'MP_GATES_DATA_INVALID', message: expect.stringContaining("has no column 'mean_radius'") });
    await expect(validateVersion({ uri: 'bc/1', data: { path: fixture('nope.csv'), target: 'target' } }, deps())).rejects.toMatchObject({ code: 'MP_FILE_NOT_FOUND' });
    await expect(validateVersion({ uri: 'bc/9' }, deps())).rejects.toMatchObject({ code: 'MP_REGISTRY_VERSION_NOT_FOUND' });
    expect((await h.registry.listValidations('bc/1')).length).toBe(before);
  });
});
