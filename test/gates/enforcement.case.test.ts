import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxEngine } from '../../src/engine/index.js';
import { validateVersion, type ValidateInput } from '../../src/gates/index.js';
import { createSystemClock } from '../../src/app/system-clock.js';
import { DATABASE_KINDS } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';
import { gateFixture, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// Promotion to Production and taking @champion refuse a version whose latest validation failed, unless forced, and a
// forced move is audited as such — on SQLite and on the machine's PostgreSQL.

describe.each(DATABASE_KINDS)('validation enforcement on %s', (kind) => {
  let h: RegistryHarness;
  const validate = (uri: string, extra: Partial<ValidateInput> = {}) =>
    validateVersion({ uri, data: { path: fixture('breast-cancer-holdout.csv'), target: 'target' }, policy: { evaluate: { accuracy: '>= 0.9' }, latency: false }, ...extra }, {
      registry: h.registry, artifacts: h.artifacts, engine: createOnnxEngine(), clock: createSystemClock(),
    });

  beforeAll(async () => {
    h = await openHarness(kind);
    await h.registry.createModel({ name: 'bc', policy: { approvalsRequired: 1 } });
    await registerFixture(h, 'bc', 'breast-cancer-logreg.onnx'); // good
    await registerFixture(h, 'bc', gateFixture('breast-cancer-weak.onnx')); // bad
    for (const v of ['bc/1', 'bc/2']) await h.registry.approve(v, { by: 'ana' });
  });
  afterAll(async () => h?.close());

  it('lets a version that was never validated through (validation is opt-in)', async () => {
    expect((await h.registry.setAlias('bc', 'champion', 1)).aliases).toEqual(['champion']);
  });

  it('refuses @champion and Production after a failed run, naming the failed gates, and changes nothing', async () => {
    const run = await validate('bc/2');
    expect(run.results.filter((r) => r.outcome === 'Fail').map((r) => r.gate)).toEqual(['evaluation', 'no-regression']);
    const audit = (await h.registry.listAudit({ limit: 1000 })).length;
    await expect(h.registry.setAlias('bc', 'champion', 2)).rejects.toMatchObject({
      code: 'MP_REGISTRY_VALIDATION_FAILED',
      message: `models:/bc/2 failed its latest validation (run ${run.id}: Fail in evaluation, no-regression) (needed for alias @champion) — fix it and validate again (modelpilot validate models:/bc/2), or override with --force, which the audit trail records`,
    });
    await expect(h.registry.setStage('bc/2', 'Production')).rejects.toMatchObject({ code: 'MP_REGISTRY_VALIDATION_FAILED', message: expect.stringContaining('(needed for stage Production)') });
    expect(await h.registry.getVersion('bc/2')).toMatchObject({ stage: 'None', aliases: [] });
    expect((await h.registry.listAudit({ limit: 1000 })).length).toBe(audit);
  });

  it('still allows other stages and unprotected aliases', async () => {
    expect((await h.registry.setStage('bc/2', 'Staging')).stage).toBe('Staging');
    expect((await h.registry.setAlias('bc', 'challenger', 2)).aliases).toEqual(['challenger']);
  });

  it('lets a forced move through and records that it was forced and over which run', async () => {
    const latest = (await h.registry.latestValidation('bc/2'))!;
    const v = await h.registry.setStage('bc/2', 'Production', { force: true });
    expect(v.stage).toBe('Production');
    const [event] = (await h.registry.listAudit({ action: 'version.stage', subject: 'models:/bc/2' })).slice(-1);
    expect(event!.details).toEqual({ from: 'Staging', to: 'Production', forced: true, validation: { run: latest.id, outcome: 'Fail', blockingGates: ['evaluation', 'no-regression'] } });
    await h.registry.setAlias('bc', 'champion', 2, { force: true });
    const [moved] = (await h.registry.listAudit({ action: 'alias.set' })).slice(-1);
    expect(moved!.details).toMatchObject({ alias: 'champion', from: 1, to: 2, forced: true, validation: { run: latest.id } });
    expect((await h.registry.verifyAudit()).ok).toBe(true);
  });

  it('does not mark a move forced when nothing was overridden', async () => {
    await h.registry.setAlias('bc', 'champion', 1, { force: true });
    const [moved] = (await h.registry.listAudit({ action: 'alias.set' })).slice(-1);
    expect(moved!.details).toEqual({ alias: 'champion', from: 2, to: 1 });
  });

  it('goes by the latest run: a passing run after a failing one unblocks', async () => {
    await registerFixture(h, 'bc', 'breast-cancer-trees.onnx'); // bc/3
    await h.registry.approve('bc/3', { by: 'ana' });
    expect((await validate('bc/3', { policy: { evaluate: { accuracy: '>= 0.99' }, latency: false } })).outcome).toBe('Fail');
    await expect(h.registry.setAlias('bc', 'champion', 3)).rejects.toMatchObject({ code: 'MP_REGISTRY_VALIDATION_FAILED' });
    expect((await validate('bc/3', { policy: { evaluate: { accuracy: '>= 0.9' }, noRegression: { tolerance: 0.05 }, latency: false } })).outcome).not.toMatch(/Fail|Error/);
    expect((await h.registry.setAlias('bc', 'champion', 3)).aliases).toEqual(['champion']);
  });

  it('still requires approvals first: a forced move cannot skip them', async () => {
    await registerFixture(h, 'bc', gateFixture('breast-cancer-weak.onnx')); // bc/4, not approved
    await validate('bc/4');
    await expect(h.registry.setAlias('bc', 'champion', 4, { force: true })).rejects.toMatchObject({ code: 'MP_REGISTRY_NOT_APPROVED' });
  });
});
