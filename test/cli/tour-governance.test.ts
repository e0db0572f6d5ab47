import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AliasMove, AuditEvent, ModelVersion } from '../../src/contract/index.js';
import { cliJson, expectFailure, runCli, tempDir, writeFile, type RunCliOptions } from '../helpers/cli.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';

// The governance half of the CLI tour, through real processes, on SQLite and on the machine's PostgreSQL:
// approvals and the champion/Production guard, aliases and their history, compare, lineage, retention, audit.

const LOGREG = fixture('breast-cancer-logreg.onnx');
const TREES = fixture('breast-cancer-trees.onnx');

interface Comparison {
  a: string;
  b: string;
  metrics: { name: string; a: number | null; b: number | null; diff: number | null; pctChange: number | null }[];
  params: { name: string; a: string | null; b: string | null; same: boolean }[];
  signatureSame: boolean;
  digestSame: boolean;
  recommendation: { uri: string | null; metric: string | null; reason: string };
}
interface Retention {
  dryRun: boolean;
  actions: { model: string; version: number; from: string; action: string; reason: string }[];
  kept: { model: string; version: number; reason: string }[];
}

describe.concurrent.each(DATABASE_KINDS)('CLI governance tour on %s', (kind) => {
  let db: TestDatabase;
  let opts: RunCliOptions;
  let finalAudit: AuditEvent[] = [];
  const json = <T>(...args: string[]): Promise<T> => cliJson<T>(args, opts);
  const run = (...args: string[]) => runCli(args, opts);
  const audit = () => json<AuditEvent[]>('audit', 'list', '--limit', '1000');

  beforeAll(async () => {
    db = await freshDatabase(kind);
    opts = { home: tempDir('mp-cli-gov-'), db: db.url, actor: 'ana' };
    await json('models', 'create', 'gov', '--approvals', '1', '--primary-metric', 'roc_auc');
    await json('register', 'gov', LOGREG, '--metric', 'roc_auc=0.97', '--metric', 'accuracy=0.95', '--param', 'C=1', '--lineage', 'git_commit=abc', '--lineage', 'zeta=z', '--lineage', 'dataset_version=d1');
    await json('register', 'gov', TREES, '--metric', 'roc_auc=0.99', '--metric', 'accuracy=0.93', '--param', 'C=0.5');
    await json('register', 'gov', LOGREG, '--metric', 'roc_auc=0.9');
    // The actor can also come from the environment.
    const v4 = await cliJson<ModelVersion>(['register', 'gov', TREES], { home: opts.home!, db: db.url, env: { MODELPILOT_ACTOR: 'envbot' } });
    expect(v4).toMatchObject({ version: 4, createdBy: 'envbot' });
  });
  afterAll(async () => {
    await db.drop();
  });

  // SQLite and PostgreSQL run side by side; the steps of each run in order.
  describe.sequential('in order', () => {
    it('champion and Production are refused without the approvals the policy asks; nothing changes', async () => {
      const [alias, stage] = await Promise.all([run('alias', 'set', 'gov', 'champion', '2'), run('stage', 'gov/2', 'Production')]);
      expect(expectFailure(alias, 'MP_REGISTRY_NOT_APPROVED')).toContain('models:/gov/2 has 0 of 1 required approvals (needed for alias @champion)');
      expect(expectFailure(stage, 'MP_REGISTRY_NOT_APPROVED')).toContain('(needed for stage Production)');
      const [v2, after] = await Promise.all([json<ModelVersion>('versions', 'show', 'gov/2'), audit()]);
      expect(v2).toMatchObject({ stage: 'None', aliases: [] });
      expect(after.map((e) => e.action)).toEqual(['model.create', 'version.register', 'version.register', 'version.register', 'version.register']);
    });

    it('reject needs --notes; an outstanding rejection blocks even with enough approvals', async () => {
      const noNotes = await run('reject', 'gov/3', '--by', 'bob');
      expect(noNotes.code).toBe(2);
      expect(noNotes.stderr).toMatch(/^error MP_USAGE: .*--notes/);
      const rejected = await json<ModelVersion>('reject', 'gov/3', '--by', 'bob', '--notes', 'leaks the label');
      expect(rejected.approvals).toEqual([{ decision: 'rejected', by: 'bob', notes: 'leaks the label', at: expect.any(String) }]);
      await json('approve', 'models:/gov/3', '--by', 'carol');
      expect(expectFailure(await run('alias', 'set', 'gov', 'champion', '3'), 'MP_REGISTRY_REJECTED')).toContain('rejected by bob');
    });

    it('once approved, a version takes @champion and enters Production', async () => {
      const approved = await json<ModelVersion>('approve', 'gov/2', '--by', 'carol', '--notes', 'looks good');
      expect(approved.approvals).toEqual([{ decision: 'approved', by: 'carol', notes: 'looks good', at: expect.any(String) }]);
      expect((await json<ModelVersion>('alias', 'set', 'gov', 'champion', '2')).aliases).toEqual(['champion']);
      expect(await json<ModelVersion>('stage', 'gov@champion', 'Production')).toMatchObject({ version: 2, stage: 'Production', aliases: ['champion'] });
    });

    it('alias set moves, alias delete removes, alias history keeps every move', async () => {
      await json('alias', 'set', 'gov', 'challenger', '1');
      expect((await json<ModelVersion>('alias', 'set', 'gov', 'challenger', '4')).aliases).toEqual(['challenger']);
      expect(await json('alias', 'delete', 'gov', 'challenger')).toEqual({ model: 'gov', alias: 'challenger', deleted: true });
      await json('alias', 'set', 'gov', 'old', '1');
      const history = await json<AliasMove[]>('alias', 'history', 'gov');
      expect(history.map(({ alias, from, to, by }) => ({ alias, from, to, by }))).toEqual([
        { alias: 'champion', from: null, to: 2, by: 'ana' },
        { alias: 'challenger', from: null, to: 1, by: 'ana' },
        { alias: 'challenger', from: 1, to: 4, by: 'ana' },
        { alias: 'challenger', from: 4, to: null, by: 'ana' },
        { alias: 'old', from: null, to: 1, by: 'ana' },
      ]);
    });

    it('compare shows metric differences and recommends by the primary metric', async () => {
      const [c12, human] = await Promise.all([json<Comparison>('compare', 'gov', '1', '2'), run('compare', 'gov', '1', '3')]);
      expect(c12).toMatchObject({ a: 'models:/gov/1', b: 'models:/gov/2', digestSame: false, recommendation: { uri: 'models:/gov/2', metric: 'roc_auc' } });
      const roc = c12.metrics.find((m) => m.name === 'roc_auc')!;
      expect(roc.diff).toBeCloseTo(0.02, 10);
      expect(roc.pctChange).toBeCloseTo((0.02 / 0.97) * 100, 8);
      // accuracy went down, but the primary metric decides
      expect(c12.metrics.find((m) => m.name === 'accuracy')!.diff).toBeCloseTo(-0.02, 10);
      expect(c12.params).toEqual([{ name: 'C', a: '1', b: '0.5', same: false }]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^\s*roc_auc\s+0\.97\s+0\.9\s+-0\.07\s+-7\.22%\s*$/m);
      expect(human.stdout).toContain('signature: identical    artifact: same bytes');
      expect(human.stdout).toContain("recommendation: models:/gov/1 has higher roc_auc (0.97 vs 0.9), by the model's primary metric");
    });

    it('lineage shows recorded lineage (known keys first) and the version\'s history', async () => {
      type Lineage = { version: ModelVersion; lineage: { key: string; value: string }[]; history: AuditEvent[] };
      const [one, two] = await Promise.all([json<Lineage>('lineage', 'gov/1'), json<Lineage>('lineage', 'models:/gov@champion')]);
      expect(one.lineage).toEqual([{ key: 'dataset_version', value: 'd1' }, { key: 'git_commit', value: 'abc' }, { key: 'zeta', value: 'z' }]);
      expect(two.version.version).toBe(2);
      expect(two.history.map((e) => e.action)).toEqual(['version.register', 'version.approve', 'alias.set', 'version.stage']);
    });

    it('retention --dry-run changes nothing; applying archives, never a version holding an alias or in Production', async () => {
      const policy = writeFile(tempDir(), 'retention.yaml', 'rules:\n  - stage: None\n    maxVersions: 1\n  - stage: Production\n    maxVersions: 0\n');
      const [versionsBefore, auditBefore] = await Promise.all([json<ModelVersion[]>('versions', 'list', 'gov'), audit()]);
      expect(versionsBefore.map((v) => [v.version, v.stage])).toEqual([[4, 'None'], [3, 'None'], [2, 'Production'], [1, 'None']]);

      const dry = await json<Retention>('retention', 'apply', policy, '--dry-run');
      expect(dry.dryRun).toBe(true);
      expect(dry.actions.map((a) => [a.version, a.from, a.action])).toEqual([[3, 'None', 'archive']]);
      expect(dry.kept.map((k) => k.version).sort()).toEqual([1, 2]);
      expect(dry.kept.find((k) => k.version === 1)!.reason).toContain('@old');
      expect(dry.kept.find((k) => k.version === 2)!.reason).toContain('Production');
      expect(await Promise.all([json<ModelVersion[]>('versions', 'list', 'gov'), audit()])).toEqual([versionsBefore, auditBefore]);

      const real = await run('retention', 'apply', policy);
      expect(real.code).toBe(0);
      expect(real.stdout).toMatch(/^archived 1 version\(s\)\n/);
      expect(real.stdout).toMatch(/^\s*gov\s+3\s+None\s+None keeps the newest 1; this is #2\s*$/m);
      const after = await json<ModelVersion[]>('versions', 'list', 'gov');
      expect(after.map((v) => [v.version, v.stage])).toEqual([[4, 'None'], [3, 'Archived'], [2, 'Production'], [1, 'None']]);
      // its audit event is checked with the others below
    });

    it('audit list records every change in order; audit verify finds the chain intact', async () => {
      const [events, aliasSets, verify, human] = await Promise.all([
        audit(),
        json<AuditEvent[]>('audit', 'list', '--action', 'alias.set'),
        json<{ ok: boolean; events: number; head: string }>('audit', 'verify'),
        run('audit', 'verify'),
      ]);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const count = (action: string): number => events.filter((e) => e.action === action).length;
      expect(Object.fromEntries(['model.create', 'version.register', 'version.reject', 'version.approve', 'alias.set', 'alias.delete', 'version.stage'].map((a) => [a, count(a)]))).toEqual({
        'model.create': 1, 'version.register': 4, 'version.reject': 1, 'version.approve': 2, 'alias.set': 4, 'alias.delete': 1, 'version.stage': 2,
      });
      expect(events).toHaveLength(15);
      expect(events.at(-1)).toMatchObject({
        action: 'version.stage', subject: 'models:/gov/3', details: { from: 'None', to: 'Archived', reason: expect.stringMatching(/^retention: None keeps the newest 1/) },
      });
      expect(events.filter((e) => e.actor !== 'ana').map((e) => [e.actor, e.subject])).toEqual([['envbot', 'models:/gov/4']]);
      expect(aliasSets.map((e) => e.details['alias'])).toEqual(['champion', 'challenger', 'challenger', 'old']);
      expect(verify).toEqual({ ok: true, events: 15, head: events.at(-1)!.hash });
      expect(human.stdout).toMatch(/^audit chain intact: 15 events, head [0-9a-f]{16}…$/m);
      finalAudit = events;
    });

    // BUG (src/audit/audit-log.ts, listAudit): each event is `{ ...row, details, prevHash }`, so the JSON of
    // `audit list` (and of lineage's history) carries the database column `prev_hash` next to `prevHash`. It should
    // have exactly the fields of the AuditEvent schema in src/contract/audit.ts.
    it('audit events have exactly the fields of the contract', () => {
      expect(finalAudit.length).toBeGreaterThan(0);
      for (const e of finalAudit) expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at', 'details', 'hash', 'prevHash', 'seq', 'subject']);
      expect(finalAudit.slice(1).every((e, i) => e.prevHash === finalAudit[i]!.hash)).toBe(true);
    });
  });
});
