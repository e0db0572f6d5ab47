import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './helpers/databases.js';
import { expected, fixture } from './helpers/fixtures.js';
import { openHarness, type RegistryHarness } from './helpers/registry.js';

const LOGREG = fixture('breast-cancer-logreg.onnx');
const TREES = fixture('breast-cancer-trees.onnx');
const TRAIN = fixture('breast-cancer-train.csv');

describe.each(DATABASE_KINDS)('registry contract on %s', (kind) => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => h?.close());

  it('creates a model with its governance policy and refuses a duplicate', async () => {
    const model = await h.registry.createModel({ name: 'bc', description: 'cancer', tags: { team: 'ml' }, policy: { approvalsRequired: 1, primaryMetric: 'accuracy' } });
    expect(model).toMatchObject({ name: 'bc', description: 'cancer', tags: { team: 'ml' }, policy: { approvalsRequired: 1, primaryMetric: 'accuracy' }, latestVersion: 0, createdBy: 'tester' });
    await expect(h.registry.createModel({ name: 'bc' })).rejects.toMatchObject({ code: 'MP_REGISTRY_MODEL_EXISTS' });
    await expect(h.registry.createModel({ name: '-bad name' })).rejects.toMatchObject({ code: 'MP_REGISTRY_MODEL_NAME_INVALID' });
  });

  it('registers versions with signature, metadata and a reference profile', async () => {
    const v1 = await h.registry.register({
      name: 'bc', file: LOGREG, metrics: { accuracy: 0.986 }, params: { C: '1' }, tags: { algo: 'lr' },
      lineage: { dataset_version: 'wdbc', git_commit: 'abc123', team_note: 'x' }, description: 'first', reference: { file: TRAIN, target: 'target' },
    });
    expect(v1).toMatchObject({ model: 'bc', version: 1, uri: 'models:/bc/1', stage: 'None', createdBy: 'tester', sourceFile: 'breast-cancer-logreg.onnx', hasProfile: true });
    expect(v1.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v1.signature.featureNames).toEqual(expected['breast-cancer-logreg.onnx']!.feature_names);
    expect(v1.signature.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
    const profile = await h.registry.getProfile('bc/1');
    expect(profile?.rowCount).toBe(426);
    expect(profile?.target).toMatchObject({ kind: 'classes', classes: { '0': 159, '1': 267 } });
    const v2 = await h.registry.register({ name: 'bc', file: TREES, metrics: { accuracy: 0.951 } });
    expect(v2.version).toBe(2);
    expect(v2.hasProfile).toBe(false);
    expect((await h.registry.listVersions('bc')).map((v) => v.version)).toEqual([2, 1]);
  });

  it('stores the same bytes once and reads them back verified', async () => {
    const v3 = await h.registry.register({ name: 'bc', file: LOGREG });
    const v1 = await h.registry.getVersion('models:/bc/1');
    expect(v3.digest).toBe(v1.digest);
    const blobs = readdirSync(join(h.artifactsDir, 'sha256'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(blobs).toHaveLength(2);
    expect((await h.artifacts.read(v1.digest)).length).toBe(v1.sizeBytes);
  });

  it('creates the model on first register, as MLflow does', async () => {
    const v = await h.registry.register({ name: 'iris', file: fixture('iris-logreg.onnx') });
    expect(v.version).toBe(1);
    expect((await h.registry.getModel('iris')).latestVersion).toBe(1);
  });

  it('refuses bad input and leaves nothing behind', async () => {
    const before = { versions: (await h.registry.listVersions('bc')).length, audit: (await h.registry.listAudit({ limit: 10_000 })).length };
    const cases: [Parameters<RegistryHarness['registry']['register']>[0], string][] = [
      [{ name: 'bc', file: fixture('bad-not-onnx.onnx') }, 'MP_ONNX_INVALID'],
      [{ name: 'bc', file: fixture('bad-truncated.onnx') }, 'MP_ONNX_INVALID'],
      [{ name: 'bc', file: fixture('bad-unknown-domain.onnx') }, 'MP_ONNX_INVALID'],
      [{ name: 'bc', file: fixture('nope.onnx') }, 'MP_FILE_NOT_FOUND'],
      [{ name: 'bc', file: LOGREG, featureNames: ['a', 'b'] }, 'MP_REGISTRY_FEATURES_MISMATCH'],
      [{ name: 'bc', file: LOGREG, reference: { file: TRAIN, target: 'no_such_column' } }, 'MP_CSV_INVALID'],
      [{ name: 'newmodel', file: fixture('bad-truncated.onnx') }, 'MP_ONNX_INVALID'],
    ];
    for (const [input, code] of cases) await expect(h.registry.register(input)).rejects.toMatchObject({ code });
    expect((await h.registry.listVersions('bc')).length).toBe(before.versions);
    expect((await h.registry.listAudit({ limit: 10_000 })).length).toBe(before.audit);
    await expect(h.registry.getModel('newmodel')).rejects.toMatchObject({ code: 'MP_REGISTRY_MODEL_NOT_FOUND' });
    const blobs = readdirSync(join(h.artifactsDir, 'sha256'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(blobs).toHaveLength(3);
  });

  it('resolves every URI form and names what is missing', async () => {
    await h.registry.setAlias('bc', 'challenger', 2);
    for (const uri of ['models:/bc/2', 'bc/2', 'models:/bc@challenger', 'bc@challenger']) expect((await h.registry.getVersion(uri)).version).toBe(2);
    expect((await h.registry.getVersion('bc/latest')).version).toBe(3);
    await expect(h.registry.getVersion('bc/99')).rejects.toMatchObject({ code: 'MP_REGISTRY_VERSION_NOT_FOUND' });
    await expect(h.registry.getVersion('bc@nobody')).rejects.toMatchObject({ code: 'MP_REGISTRY_ALIAS_NOT_FOUND' });
    await expect(h.registry.getVersion('ghost/1')).rejects.toMatchObject({ code: 'MP_REGISTRY_MODEL_NOT_FOUND' });
    await expect(h.registry.getVersion('bc//1')).rejects.toMatchObject({ code: 'MP_URI_INVALID' });
  });

  it('guards champion and Production with approvals; a rejection blocks until that approver approves', async () => {
    await expect(h.registry.setAlias('bc', 'champion', 1)).rejects.toMatchObject({ code: 'MP_REGISTRY_NOT_APPROVED' });
    await expect(h.registry.setStage('bc/1', 'Production')).rejects.toMatchObject({ code: 'MP_REGISTRY_NOT_APPROVED' });
    await h.registry.reject('bc/1', { by: 'bob', notes: 'check calibration' });
    await h.registry.approve('bc/1', { by: 'ana' });
    await expect(h.registry.setAlias('bc', 'champion', 1)).rejects.toMatchObject({ code: 'MP_REGISTRY_REJECTED' });
    await h.registry.approve('bc/1', { by: 'bob', notes: 'calibration fine' });
    const v1 = await h.registry.setAlias('bc', 'champion', 1);
    expect(v1.aliases).toEqual(['champion']);
    expect(v1.approvals.map((a) => `${a.decision}:${a.by}`)).toEqual(['rejected:bob', 'approved:ana', 'approved:bob']);
    await expect(h.registry.reject('bc/1', { by: 'bob' })).rejects.toMatchObject({ code: 'MP_USAGE' });
  });

  it('moves stages, archiving the existing holder when asked', async () => {
    await h.registry.approve('bc/2', { by: 'ana' });
    await h.registry.setStage('bc/1', 'Production');
    await h.registry.setStage('bc/2', 'Production', { archiveExisting: true });
    expect((await h.registry.listVersions('bc', 'Production')).map((v) => v.version)).toEqual([2]);
    expect((await h.registry.getVersion('bc/1')).stage).toBe('Archived');
    await h.registry.setStage('bc/1', 'Staging');
    expect((await h.registry.getVersion('bc/1')).stage).toBe('Staging');
  });

  it('keeps every alias move in history', async () => {
    h.clock.advance(1000);
    await h.as('carol').setAlias('bc', 'challenger', 3);
    await h.registry.deleteAlias('bc', 'challenger');
    await expect(h.registry.deleteAlias('bc', 'challenger')).rejects.toMatchObject({ code: 'MP_REGISTRY_ALIAS_NOT_FOUND' });
    await expect(h.registry.setAlias('bc', 'latest', 1)).rejects.toMatchObject({ code: 'MP_REGISTRY_ALIAS_INVALID' });
    const history = await h.registry.aliasHistory('bc');
    expect(history.map((m) => [m.alias, m.from, m.to, m.by])).toEqual([
      ['challenger', null, 2, 'tester'],
      ['champion', null, 1, 'tester'],
      ['challenger', 2, 3, 'carol'],
      ['challenger', 3, null, 'tester'],
    ]);
  });

  it('compares two versions and recommends by the primary metric', async () => {
    const c = await h.registry.compare('bc', 1, 2);
    expect(c.metrics).toEqual([{ name: 'accuracy', a: 0.986, b: 0.951, diff: expect.closeTo(-0.035, 10), pctChange: expect.closeTo(-3.5497, 3) }]);
    expect(c.digestSame).toBe(false);
    expect(c.recommendation.uri).toBe('models:/bc/1');
    expect(c.recommendation.reason).toContain('higher accuracy');
  });

  it('updates a model and shows lineage with the version history', async () => {
    const m = await h.registry.updateModel('bc', { tags: { team: '', owner: 'ana' }, policy: { complianceLevel: 'high' } });
    expect(m.tags).toEqual({ owner: 'ana' });
    expect(m.policy).toEqual({ approvalsRequired: 1, primaryMetric: 'accuracy', complianceLevel: 'high' });
    const view = await h.registry.lineage('bc/1');
    expect(view.lineage.map((l) => l.key)).toEqual(['dataset_version', 'git_commit', 'team_note']);
    expect(view.history.map((e) => e.action)).toEqual(['version.register', 'version.reject', 'version.approve', 'version.approve', 'alias.set', 'version.stage', 'version.stage', 'version.stage']);
  });

  it('lists a catalog row per version with governance fields', async () => {
    const rows = await h.registry.catalog();
    expect(rows.map((r) => `${r.model}/${r.version}`)).toEqual(['bc/3', 'bc/2', 'bc/1', 'iris/1']);
    expect(rows[2]).toMatchObject({ stage: 'Staging', aliases: ['champion'], primaryMetric: 'accuracy', primaryMetricValue: 0.986, approvals: 2, approvalsRequired: 1, complianceLevel: 'high' });
  });

  it('applies retention, never archiving an alias holder or Production, and dry-runs without change', async () => {
    const policy = { rules: [{ stage: 'None' as const, maxVersions: 0 }, { stage: 'Staging' as const, maxVersions: 0 }, { stage: 'Production' as const, maxVersions: 0 }] };
    const dry = await h.registry.applyRetention(policy, { dryRun: true });
    expect(dry.actions.map((a) => `${a.model}/${a.version}`).sort()).toEqual(['bc/3', 'iris/1']);
    expect(dry.kept.map((k) => `${k.model}/${k.version}`).sort()).toEqual(['bc/1', 'bc/2']);
    expect((await h.registry.getVersion('bc/3')).stage).toBe('None');
    const done = await h.registry.applyRetention(policy);
    expect(done.actions).toHaveLength(2);
    expect((await h.registry.getVersion('bc/3')).stage).toBe('Archived');
    expect((await h.registry.getVersion('bc/1')).stage).toBe('Staging');
  });

  it('writes an intact hash chain with an event per change', async () => {
    const events = await h.registry.listAudit({ limit: 10_000 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.action === 'version.register')).toHaveLength(4);
    expect(events.every((e, i) => i === 0 || e.prevHash === events[i - 1]!.hash)).toBe(true);
    expect(await h.registry.verifyAudit()).toMatchObject({ ok: true, events: events.length });
  });

  it('names the first edited audit row', async () => {
    await h.store.query((db) => db.updateTable('audit_events').set({ actor: 'mallory' }).where('seq', '=', 3).execute());
    expect(await h.registry.verifyAudit()).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

describe('reference data problems are reported, not stored', () => {
  it('refuses a malformed CSV with the line number', async () => {
    const h = await openHarness('sqlite');
    const csv = join(h.artifactsDir, '..', 'ragged.csv');
    writeFileSync(csv, 'a,b\n1,2\n3\n');
    await expect(h.registry.register({ name: 'x', file: fixture('iris-logreg.onnx'), reference: { file: csv } })).rejects.toMatchObject({ code: 'MP_CSV_INVALID', message: expect.stringContaining('line 3') });
    await h.close();
  });
});
