import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model, ModelVersion } from '../../src/contract/index.js';
import { cliJson, countBlobs, parseCsvRecords, runCli, tempDir, writeFile, type RunCliOptions } from '../helpers/cli.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { expected, fixture } from '../helpers/fixtures.js';

// The registry half of the CLI tour, through real processes, on SQLite and on the machine's PostgreSQL:
// models create/list/show/update, register with every flag, versions list/show (every URI form), stages, catalog.

const LOGREG = fixture('breast-cancer-logreg.onnx');
const TREES = fixture('breast-cancer-trees.onnx');
const FEATURES = expected['breast-cancer-logreg.onnx']!.feature_names;
const sha256 = (file: string): string => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

describe.concurrent.each(DATABASE_KINDS)('CLI registry tour on %s', (kind) => {
  let db: TestDatabase;
  let home: string;
  let opts: RunCliOptions;
  const json = <T>(...args: string[]): Promise<T> => cliJson<T>(args, opts);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    home = tempDir('mp-cli-tour-');
    opts = { home, db: db.url, actor: 'ana' };
  });
  afterAll(async () => {
    await db.drop();
  });

  // SQLite and PostgreSQL run side by side; the steps of each run in order.
  describe.sequential('in order', () => {
    it('models create reads the policy file (YAML) and flags win over it', async () => {
      const policy = writeFile(
        tempDir(),
        'policy.yaml',
        'approvalsRequired: 2\ncomplianceLevel: high\ndataClassification: confidential\nretentionDays: 365\nprimaryMetric: roc_auc\n',
      );
      const model = await json<Model>(
        'models', 'create', 'fraud', '--policy', policy, '--approvals', '1', '--description', 'card fraud', '--tag', 'owner=ana', '--tag', 'team=risk',
      );
      expect(model).toMatchObject({
        name: 'fraud',
        description: 'card fraud',
        tags: { owner: 'ana', team: 'risk' },
        policy: { approvalsRequired: 1, complianceLevel: 'high', dataClassification: 'confidential', retentionDays: 365, primaryMetric: 'roc_auc' },
        latestVersion: 0,
        aliases: {},
        createdBy: 'ana',
      });
    });

    it('models list, show and update (an empty tag value removes the tag; the policy is merged)', async () => {
      const updated = await json<Model>('models', 'update', 'fraud', '--tag', 'team=', '--tag', 'tier=1', '--description', 'card fraud v2', '--compliance', 'sox');
      expect(updated.tags).toEqual({ owner: 'ana', tier: '1' });
      expect(updated.description).toBe('card fraud v2');
      expect(updated.policy).toEqual({ approvalsRequired: 1, complianceLevel: 'sox', dataClassification: 'confidential', retentionDays: 365, primaryMetric: 'roc_auc' });
      const [shown, list, human] = await Promise.all([json<Model>('models', 'show', 'fraud'), json<Model[]>('models', 'list'), runCli(['models', 'list'], opts)]);
      expect(shown).toEqual(updated);
      expect(list).toEqual([updated]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^\s*name\s+versions\s+aliases\s+description/m);
      expect(human.stdout).toMatch(/fraud\s+0\s+.*card fraud v2/);
    });

    it('register stores metrics, params, tags, lineage, description and the reference profile', async () => {
      const v = await json<ModelVersion>(
        'register', 'fraud', LOGREG,
        '--metric', 'accuracy=0.95', '--metric', 'roc_auc=0.97', '--param', 'C=1.0', '--param', 'solver=lbfgs',
        '--tag', 'dataset=bc-2024', '--lineage', 'dataset_version=2024-01', '--lineage', 'git_commit=abc123', '--lineage', 'notebook=nb/train.ipynb',
        '--description', 'first cut', '--reference', fixture('breast-cancer-train.csv'), '--target', 'target',
      );
      expect(v).toMatchObject({
        model: 'fraud',
        version: 1,
        uri: 'models:/fraud/1',
        stage: 'None',
        aliases: [],
        description: 'first cut',
        createdBy: 'ana',
        sourceFile: 'breast-cancer-logreg.onnx',
        metrics: { accuracy: 0.95, roc_auc: 0.97 },
        params: { C: '1.0', solver: 'lbfgs' },
        tags: { dataset: 'bc-2024' },
        lineage: { dataset_version: '2024-01', git_commit: 'abc123', notebook: 'nb/train.ipynb' },
        approvals: [],
        hasProfile: true,
      });
      expect(v.digest).toBe(sha256(LOGREG));
      expect(v.sizeBytes).toBe(statSync(LOGREG).size);
      expect(v.signature.featureNames).toEqual(FEATURES); // from the reference CSV's header, without the target
      expect(v.signature.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [expect.anything(), 30] }]);
      expect(v.signature.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
    });

    it('register takes --feature-names, and the same bytes are stored once', async () => {
      const v2 = await json<ModelVersion>('register', 'fraud', TREES, '--metric', 'roc_auc=0.99', '--metric', 'accuracy=0.96', '--feature-names', FEATURES.join(','));
      expect(v2).toMatchObject({ version: 2, hasProfile: false, digest: sha256(TREES), metrics: { roc_auc: 0.99, accuracy: 0.96 } });
      expect(v2.signature.featureNames).toEqual(FEATURES);
      const v3 = await json<ModelVersion>('register', 'fraud', LOGREG, '--metric', 'roc_auc=0.9');
      expect(v3.version).toBe(3);
      expect(v3.digest).toBe(sha256(LOGREG));
      expect(v3.signature.featureNames).toBeUndefined();
      expect(countBlobs(home)).toBe(2);
    });

    it('versions list: newest first, human table', async () => {
      const [list, human] = await Promise.all([json<ModelVersion[]>('versions', 'list', 'fraud'), runCli(['versions', 'list', 'fraud'], opts)]);
      expect(list.map((v) => v.version)).toEqual([3, 2, 1]);
      expect(list.map((v) => v.stage)).toEqual(['None', 'None', 'None']);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^\s*version\s+stage\s+aliases\s+metrics\s+created\s+by/m);
      expect(human.stdout).toMatch(/^\s*3\s+None\s/m);
      expect(human.stdout).toContain('roc_auc=0.99');
    });

    it('versions show resolves models:/n/1, models:/n@alias, n/1, n@alias and n/latest', async () => {
      const set = await json<ModelVersion>('alias', 'set', 'fraud', 'challenger', '2');
      expect(set.aliases).toEqual(['challenger']);
      const show = (uri: string): Promise<ModelVersion> => json<ModelVersion>('versions', 'show', uri);
      const [human, latest, ...byUri] = await Promise.all([
        runCli(['versions', 'show', 'fraud@challenger'], opts),
        show('fraud/latest'),
        ...['models:/fraud/2', 'models:/fraud@challenger', 'fraud/2'].map(show),
      ]);
      for (const v of byUri) expect(v).toMatchObject({ uri: 'models:/fraud/2', version: 2, aliases: ['challenger'], digest: sha256(TREES) });
      expect(latest.version).toBe(3);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^uri\s+models:\/fraud\/2$/m);
      expect(human.stdout).toMatch(/^aliases\s+@challenger$/m);
    });

    it('stage moves a version; --archive-existing archives the others in that stage; list --stage filters', async () => {
      expect((await json<ModelVersion>('stage', 'fraud/1', 'Staging')).stage).toBe('Staging');
      expect((await json<ModelVersion>('stage', 'models:/fraud/3', 'staging')).stage).toBe('Staging'); // case-insensitive
      const v2 = await json<ModelVersion>('stage', 'fraud@challenger', 'Staging', '--archive-existing');
      expect(v2).toMatchObject({ version: 2, stage: 'Staging' });
      const [all, archived] = await Promise.all([json<ModelVersion[]>('versions', 'list', 'fraud'), json<ModelVersion[]>('versions', 'list', 'fraud', '--stage', 'Archived')]);
      expect(all.map((v) => [v.version, v.stage])).toEqual([[3, 'Archived'], [2, 'Staging'], [1, 'Archived']]);
      expect(archived.map((v) => v.version)).toEqual([3, 1]);
    });

    it('catalog --format json and csv: a row per version with governance fields', async () => {
      type Row = { model: string; version: number; stage: string; aliases: string[]; createdBy: string; sizeBytes: number; primaryMetric: string; primaryMetricValue: number; approvals: number; approvalsRequired: number; complianceLevel: string; dataClassification: string; retentionDays: number };
      const rows = await json<Row[]>('catalog', '--format', 'json');
      expect(rows.map((r) => `${r.model}/${r.version}`).sort()).toEqual(['fraud/1', 'fraud/2', 'fraud/3']);
      expect(rows.find((r) => r.version === 2)).toMatchObject({
        stage: 'Staging', aliases: ['challenger'], createdBy: 'ana', sizeBytes: statSync(TREES).size, primaryMetric: 'roc_auc', primaryMetricValue: 0.99,
        approvals: 0, approvalsRequired: 1, complianceLevel: 'sox', dataClassification: 'confidential', retentionDays: 365,
      });
      const csv = await runCli(['catalog', '--format', 'csv'], opts);
      expect(csv.code).toBe(0);
      expect(csv.stderr).toBe('');
      const records = parseCsvRecords(csv.stdout);
      expect(records).toHaveLength(3);
      const row = records.find((r) => r['version'] === '2');
      expect(row).toMatchObject({
        model: 'fraud', stage: 'Staging', aliases: 'challenger', createdBy: 'ana', sizeBytes: String(statSync(TREES).size), digest: sha256(TREES),
        primaryMetric: 'roc_auc', primaryMetricValue: '0.99', approvals: '0', approvalsRequired: '1', complianceLevel: 'sox', retentionDays: '365',
      });
      expect(row!['metrics']!.split(';').sort()).toEqual(['accuracy=0.96', 'roc_auc=0.99']);
    });
  });
});
