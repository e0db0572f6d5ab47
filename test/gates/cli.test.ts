import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, ValidationRun } from '../../src/contract/index.js';
import { cliJson, expectFailure, lines, runCli, tempDir, writeFile, type RunCliOptions } from '../helpers/cli.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { fixture } from '../helpers/fixtures.js';
import { gateFixture } from '../helpers/gates.js';
import { startServing, type ServingHarness } from '../helpers/serving.js';
import { childrenNamed, parseXml } from '../helpers/xml.js';

// `modelpilot validate`, `versions show`, and the --force overrides of `stage` and `alias set`, as real processes.

const HOLDOUT = fixture('breast-cancer-holdout.csv');
const TRAIN = fixture('breast-cancer-train.csv');

describe.concurrent.each(DATABASE_KINDS)('validate through the CLI on %s', (kind) => {
  let db: TestDatabase;
  let opts: RunCliOptions;
  let dir: string;
  const run = (...args: string[]) => runCli(args, opts);
  const json = <T>(...args: string[]) => cliJson<T>(args, opts);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    dir = tempDir('mp-cli-gates-');
    opts = { home: dir, db: db.url, actor: 'ana' };
    await json('models', 'create', 'bc', '--approvals', '1');
    await json('register', 'bc', fixture('breast-cancer-logreg.onnx'), '--reference', TRAIN, '--target', 'target', '--tag', 'owner=ml');
    await json('register', 'bc', gateFixture('breast-cancer-weak.onnx'), '--reference', TRAIN, '--target', 'target');
    await json('approve', 'bc/1', '--by', 'carol');
    await json('approve', 'bc/2', '--by', 'carol');
    await json('alias', 'set', 'bc', 'champion', '1');
  });
  afterAll(async () => db?.drop());

  describe.sequential('in order', () => {
    it('exits 0 for a passing version and writes the JUnit and HTML reports', async () => {
      const junit = join(dir, 'good.xml');
      const html = join(dir, 'good.html');
      const r = await run('validate', 'bc/1', '--data', HOLDOUT, '--target', 'target', '--junit', junit, '--html', html, '--json');
      expect([r.code, r.stderr]).toEqual([0, '']);
      const result = r.json<ValidationRun>();
      expect(result).toMatchObject({ uri: 'models:/bc/1', actor: 'ana', failed: 0, errors: 0 });
      const xml = parseXml(readFileSync(junit, 'utf8'));
      // One testcase per gate, grouped in one testsuite per category.
      const cases = childrenNamed(xml, 'testsuite').flatMap((s) => childrenNamed(s, 'testcase').map((c) => `${s.attributes['name']}/${c.attributes['name']}`));
      expect(cases.sort()).toEqual(result.results.map((g) => `${g.category}/${g.gate}`).sort());
      expect(readFileSync(html, 'utf8')).toContain('<span class="o big');
    });

    it('exits 1 for a failing version: the run on stdout, one error line naming the gates on stderr', async () => {
      const r = await run('validate', 'bc/2', '--data', HOLDOUT, '--target', 'target', '--json');
      expect(r.code).toBe(1);
      const result = r.json<ValidationRun>();
      expect(result.outcome).toBe('Fail');
      expect(lines(r.stderr)).toEqual([`error MP_VALIDATION_FAILED: models:/bc/2 failed 1 of ${result.total} gates (no-regression) — read the report, fix the model or the policy, and validate again`]);
      const human = await run('validate', 'bc/2', '--data', HOLDOUT, '--target', 'target');
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/^\s*no-regression\s+Fail\s+-0\.335664\s+difference >= -0\.01\s+regression: accuracy 0\.6503 vs 0\.986/m);
      expect(human.stdout).toMatch(/models:\/bc\/2: Fail — \d+ gates: \d+ passed, 1 failed, 0 errors, 1 warning, 0 skipped — pass rate [\d.]+%/);
      expect(human.stdout).not.toContain('\u001b[');
    });

    it('reads a YAML policy whose data path is relative to the policy file', async () => {
      const policy = writeFile(dir, 'gates.yaml', `requiredTags: [owner]\ndata: { path: ${JSON.stringify(HOLDOUT)}, target: target }\nevaluate: { accuracy: ">= 0.95" }\nlatency: false\n`);
      const relative = writeFile(join(dir), 'relative.yaml', 'data: { path: ../holdout.csv, target: target }\n');
      writeFile(join(dir, '..'), 'holdout.csv', readFileSync(HOLDOUT, 'utf8'));
      const r = await run('validate', 'bc/1', '--policy', policy, '--json');
      expect(r.code).toBe(0);
      expect(r.json<ValidationRun>().results.map((g) => g.gate)).toContain('metadata');
      expect(r.json<ValidationRun>().results.find((g) => g.gate === 'evaluation')?.threshold).toBe('accuracy >= 0.95');
      const rel = await run('validate', 'bc/1', '--policy', relative, '--json');
      expect(rel.json<ValidationRun>().data).toEqual({ source: join(dir, '..', 'holdout.csv'), rows: 143 });
    });

    it('refuses a bad policy (exit 1) and --data without a target (exit 2), storing nothing', async () => {
      const before = (await json<ModelVersion & { validation: { id: number } }>('versions', 'show', 'bc/1')).validation.id;
      const bad = writeFile(dir, 'bad.yaml', 'evaluate: { accuracy: "=> 0.9" }\nlatency: 5\n');
      expect(expectFailure(await run('validate', 'bc/1', '--policy', bad), 'MP_POLICY_INVALID')).toContain('bad.yaml is invalid');
      expectFailure(await run('validate', 'bc/1', '--data', HOLDOUT), 'MP_USAGE', 2);
      expectFailure(await run('validate', 'bc/1', '--data', HOLDOUT, '--target', 'nope'), 'MP_GATES_DATA_INVALID');
      expect((await json<ModelVersion & { validation: { id: number } }>('versions', 'show', 'bc/1')).validation.id).toBe(before);
    });

    it('shows the latest validation with the version', async () => {
      const shown = await json<ModelVersion & { validation: ValidationRun }>('versions', 'show', 'bc/2');
      expect(shown.validation).toMatchObject({ outcome: 'Fail', actor: 'ana', failed: 1 });
      expect(shown.validation.results.find((r) => r.gate === 'no-regression')).toEqual(expect.objectContaining({ outcome: 'Fail' }));
      expect(shown.validation.results[0]).not.toHaveProperty('details');
      const human = await run('versions', 'show', 'bc/2');
      expect(human.stdout).toMatch(/^validation\s+Fail — \d+\/\d+ passed, blocking: no-regression \(Fail\) \(run \d+, .+ by ana\)$/m);
      expect(human.stdout).toMatch(/^ {2}no-regression\s+Fail: regression: accuracy/m);
    });

    it('refuses @champion and Production for the failed version; --force overrides and is audited', async () => {
      expect(expectFailure(await run('alias', 'set', 'bc', 'champion', '2'), 'MP_REGISTRY_VALIDATION_FAILED')).toContain('models:/bc/2 failed its latest validation');
      expectFailure(await run('stage', 'bc/2', 'Production'), 'MP_REGISTRY_VALIDATION_FAILED');
      expect((await json<ModelVersion>('stage', 'bc/2', 'Production', '--force')).stage).toBe('Production');
      expect((await json<ModelVersion>('alias', 'set', 'bc', 'champion', '2', '--force')).aliases).toEqual(['champion']);
      const events = await json<{ action: string; details: Record<string, unknown> }[]>('audit', 'list', '--subject', 'models:/bc/2');
      const forced = events.filter((e) => e.details['forced'] === true).map((e) => e.action);
      expect(forced).toEqual(['version.stage', 'alias.set']);
    });
  });
});

describe('modelpilot test', () => {
  let server: ServingHarness;
  beforeAll(async () => {
    server = await startServing();
  });
  afterAll(async () => server?.close());

  it('runs the whole suite against a running server: unit, performance, integration, security, bias, drift', async () => {
    const junit = join(server.home, 'suite.xml');
    const r = await runCli(['test', 'bc/2', '--data', gateFixture('breast-cancer-holdout-groups.csv'), '--target', 'target', '--service', server.url, '--endpoint', 'trees', '--attribute', 'group', '--junit', junit, '--json'], { home: server.home });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const run = r.json<ValidationRun>();
    expect(run.suite).toBe('test');
    expect(Object.fromEntries(run.results.map((g) => [g.gate, g.outcome]))).toMatchObject({ integration: 'Pass', bias: 'Warn', drift: 'Pass', unit: 'Pass', latency: 'Pass', robustness: 'Pass', safety: 'Pass' });
    const suites = childrenNamed(parseXml(readFileSync(junit, 'utf8')), 'testsuite').map((s) => s.attributes['name']);
    expect(suites).toEqual(['security', 'unit', 'quality', 'performance', 'integration', 'bias', 'drift']);
  });

  it('fails (exit 1) when the server does not serve that version', async () => {
    const r = await runCli(['test', 'bc/2', '--data', HOLDOUT, '--target', 'target', '--service', server.url, '--json'], { home: server.home });
    expect(r.code).toBe(1);
    expect(r.json<ValidationRun>().results.find((g) => g.gate === 'integration')?.message).toMatch(/^predict: HTTP 404/);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^error MP_VALIDATION_FAILED: models:\/bc\/2 failed 1 of \d+ gates \(integration\)/)]);
  });

  it('needs --data (a usage error, exit 2)', async () => {
    expectFailure(await runCli(['test', 'bc/1'], { home: tempDir() }), 'MP_USAGE', 2);
  });

  it('reports --help for both commands', async () => {
    const [validate, test] = await Promise.all([runCli(['validate', '--help']), runCli(['test', '--help'])]);
    expect(validate.stdout).toContain('--junit <file>');
    expect(test.stdout).toContain('--service <url>');
    expect(existsSync(fixture('breast-cancer-holdout.csv'))).toBe(true);
  });
});
