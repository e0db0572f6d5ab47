import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliJson, expectFailure, homeState, runCli, tempDir, writeFile, type RunCliOptions } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

// Every failing mutation exits 1 (or 2 for usage) with one `error MP_…` line and writes nothing: after each one,
// every table of the SQLite file and every file of the artifact store is exactly as it was just before. (The tables
// are read directly, which is cheaper than three CLI processes per case and also covers tables no command lists;
// the last test checks the CLI's own listings against those taken before the first failure.) Two homes, one per
// theme, run side by side; the cases of each run one after the other.

const IRIS = fixture('iris-logreg.onnx');
/** A good model file the registry has not stored yet: a blob for it would show up if a failure leaked one. */
const FRESH = fixture('breast-cancer-logreg.onnx');


interface Home {
  readonly home: string;
  readonly opts: RunCliOptions;
  /** What the CLI listed before any failure. */
  readonly listed: { models: unknown; versions: unknown; audit: unknown };
}

/** A home with model m (version 1, alias @stable): 3 audit events, 1 blob. */
async function seededHome(): Promise<Home> {
  const home = tempDir('mp-cli-nopartial-');
  const opts = { home, actor: 'ana' };
  await cliJson(['register', 'm', IRIS, '--metric', 'accuracy=0.9', '--tag', 'owner=ana'], opts);
  await cliJson(['alias', 'set', 'm', 'stable', '1'], opts);
  const listed = await cliListings(opts);
  const start = homeState(home);
  expect(start.tables['model_versions']).toHaveLength(1);
  expect(start.tables['audit_events']).toHaveLength(3);
  expect(start.files.filter((f) => f.startsWith('sha256/'))).toHaveLength(1);
  return { home, opts, listed };
}

async function cliListings(opts: RunCliOptions): Promise<Home['listed']> {
  const [models, versions, audit] = await Promise.all([
    cliJson(['models', 'list'], opts),
    cliJson(['versions', 'list', 'm'], opts),
    cliJson(['audit', 'list'], opts),
  ]);
  return { models, versions, audit };
}

/** Runs a command that must fail with `code`, then checks that nothing was written. */
async function failsCleanly(h: Home, args: string[], code: string, exitCode = 1): Promise<string> {
  const before = homeState(h.home);
  const r = await runCli(args, h.opts);
  expect(r.stdout).toBe('');
  const line = exitCode === 1 ? expectFailure(r, code) : r.stderr.split('\n')[0]!;
  expect(r.code).toBe(exitCode);
  expect(line).toMatch(new RegExp(`^error ${code}: `));
  expect(homeState(h.home)).toEqual(before);
  return line;
}

const POLICY_DIR = tempDir();
const FILES = {
  unknownField: writeFile(POLICY_DIR, 'unknown-field.yaml', 'approvalsRequired: 1\nsecretSauce: true\n'),
  wrongType: writeFile(POLICY_DIR, 'wrong-type.yaml', 'approvalsRequired: "two"\n'),
  notYaml: writeFile(POLICY_DIR, 'not-yaml.yaml', 'approvalsRequired: [1, 2\n'),
  badRetention: writeFile(POLICY_DIR, 'retention.yaml', 'rules:\n  - stage: Nowhere\n    maxVersions: 1\n'),
};

describe.concurrent('a failing register exits 1 with one error line and leaves no partial state (SQLite)', () => {
  let h: Home;
  beforeAll(async () => {
    h = await seededHome();
  });

  describe.sequential('in order', () => {
    it.each(['bad-not-onnx.onnx', 'bad-truncated.onnx', 'bad-unknown-domain.onnx'])('invalid ONNX %s → MP_ONNX_INVALID, no blob', async (name) => {
      const line = await failsCleanly(h, ['register', 'm', fixture(name), '--metric', 'accuracy=1'], 'MP_ONNX_INVALID');
      expect(line).toContain(`${name} is not a loadable ONNX model`);
    });

    it('invalid ONNX for a model that does not exist yet does not create the model', async () => {
      await failsCleanly(h, ['register', 'brand-new', fixture('bad-truncated.onnx')], 'MP_ONNX_INVALID');
    });

    it('missing model file → MP_FILE_NOT_FOUND', async () => {
      expect(await failsCleanly(h, ['register', 'm', join(h.home, 'nope.onnx')], 'MP_FILE_NOT_FOUND')).toContain('nope.onnx not found');
    });

    it('missing reference CSV → MP_FILE_NOT_FOUND', async () => {
      await failsCleanly(h, ['register', 'm', FRESH, '--reference', join(h.home, 'nope.csv')], 'MP_FILE_NOT_FOUND');
    });

    it('malformed k=v (--tag novalue, --param =1) → MP_INPUT_KV_MALFORMED', async () => {
      expect(await failsCleanly(h, ['register', 'm', FRESH, '--tag', 'novalue'], 'MP_INPUT_KV_MALFORMED')).toContain("'novalue' is not key=value");
      await failsCleanly(h, ['register', 'new-model', FRESH, '--param', '=1'], 'MP_INPUT_KV_MALFORMED');
    });

    it('non-numeric metric → MP_INPUT_INVALID', async () => {
      expect(await failsCleanly(h, ['register', 'm', FRESH, '--metric', 'accuracy=high'], 'MP_INPUT_INVALID')).toContain('accuracy=high is not a finite number');
    });

    it('invalid model name → MP_REGISTRY_MODEL_NAME_INVALID', async () => {
      await failsCleanly(h, ['register', 'bad name', FRESH], 'MP_REGISTRY_MODEL_NAME_INVALID');
    });

    // BUG (src/registry/register.ts): the blob is stored before the feature names are checked against the signature,
    // and the MP_REGISTRY_FEATURES_MISMATCH thrown afterwards does not remove it: an orphan blob is left behind.
    it('feature names that do not fit the model → MP_REGISTRY_FEATURES_MISMATCH, no blob', async () => {
      await failsCleanly(h, ['register', 'm', FRESH, '--feature-names', 'a,b'], 'MP_REGISTRY_FEATURES_MISMATCH');
    });

    it('afterwards the CLI lists exactly what it listed before', async () => {
      expect(await cliListings(h.opts)).toEqual(h.listed);
    });
  });
});

describe.concurrent('a failing change to models, aliases, stages or approvals exits non-zero and leaves no partial state (SQLite)', () => {
  let h: Home;
  beforeAll(async () => {
    h = await seededHome();
  });

  describe.sequential('in order', () => {
    it('duplicate model → MP_REGISTRY_MODEL_EXISTS', async () => {
      expect(await failsCleanly(h, ['models', 'create', 'm'], 'MP_REGISTRY_MODEL_EXISTS')).toContain("model 'm' already exists — use a new name");
    });

    it.each([
      ['an unknown field', 'unknownField', 'unknown field(s) secretSauce'],
      ['a wrong type', 'wrongType', '/approvalsRequired must be integer'],
      ['not YAML', 'notYaml', 'not YAML or JSON'],
    ])('a policy file with %s → MP_POLICY_INVALID', async (_what, key, problem) => {
      expect(await failsCleanly(h, ['models', 'create', 'x', '--policy', FILES[key as keyof typeof FILES]], 'MP_POLICY_INVALID')).toContain(problem);
    });

    it('models update with an invalid policy file → MP_POLICY_INVALID, the model unchanged', async () => {
      await failsCleanly(h, ['models', 'update', 'm', '--description', 'new', '--policy', FILES.wrongType], 'MP_POLICY_INVALID');
    });

    it('a policy flag that is not a number → MP_POLICY_INVALID', async () => {
      await failsCleanly(h, ['models', 'create', 'x', '--approvals', 'many'], 'MP_POLICY_INVALID');
    });

    it('an invalid retention policy → MP_POLICY_INVALID', async () => {
      await failsCleanly(h, ['retention', 'apply', FILES.badRetention], 'MP_POLICY_INVALID');
    });

    it('unknown model, version or alias in a mutation → MP_REGISTRY_*_NOT_FOUND', async () => {
      await failsCleanly(h, ['models', 'update', 'nope', '--description', 'x'], 'MP_REGISTRY_MODEL_NOT_FOUND');
      await failsCleanly(h, ['alias', 'set', 'm', 'champion', '9'], 'MP_REGISTRY_VERSION_NOT_FOUND');
      await failsCleanly(h, ['stage', 'm/9', 'Staging'], 'MP_REGISTRY_VERSION_NOT_FOUND');
      await failsCleanly(h, ['approve', 'm@nope', '--by', 'bob'], 'MP_REGISTRY_ALIAS_NOT_FOUND');
      await failsCleanly(h, ['alias', 'delete', 'm', 'nope'], 'MP_REGISTRY_ALIAS_NOT_FOUND');
    });

    it('invalid alias, URI or stage → MP_REGISTRY_ALIAS_INVALID, MP_URI_INVALID, MP_REGISTRY_STAGE_INVALID', async () => {
      await failsCleanly(h, ['alias', 'set', 'm', '9lives', '1'], 'MP_REGISTRY_ALIAS_INVALID');
      await failsCleanly(h, ['approve', 'm:1', '--by', 'bob'], 'MP_URI_INVALID');
      await failsCleanly(h, ['stage', 'm/1', 'Live'], 'MP_REGISTRY_STAGE_INVALID');
    });

    it('usage errors (reject without --notes, approve without --by) → exit 2', async () => {
      await failsCleanly(h, ['reject', 'm/1', '--by', 'bob'], 'MP_USAGE', 2);
      await failsCleanly(h, ['approve', 'm/1'], 'MP_USAGE', 2);
    });

    it('afterwards the CLI lists exactly what it listed before', async () => {
      expect(await cliListings(h.opts)).toEqual(h.listed);
    });
  });
});
