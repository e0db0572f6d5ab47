import { beforeAll, describe, it } from 'vitest';
import { cliJson, expectFailure, lines, runCli, tempDir, type RunCliOptions } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

// Reads that fail, and usage errors: the exit code (1 for a failure, 2 for usage), exactly one stderr line
// `error MP_…: … — fix`, and with --json nothing but JSON on stdout. The cases are independent reads, so they run
// concurrently.

describe.concurrent('failed lookups and usage errors (SQLite)', () => {
  let opts: RunCliOptions;
  const run = (...args: string[]) => runCli(args, opts);

  beforeAll(async () => {
    opts = { home: tempDir('mp-cli-lookup-'), actor: 'ana' };
    await cliJson(['register', 'm', fixture('iris-logreg.onnx')], opts);
  });

  it.for<[string[], string, string]>([
    [['models', 'show', 'nope'], 'MP_REGISTRY_MODEL_NOT_FOUND', "model 'nope' not found — list models with: modelpilot models list"],
    [['versions', 'show', 'nope/1'], 'MP_REGISTRY_MODEL_NOT_FOUND', "model 'nope' not found"],
    [['versions', 'show', 'm/9'], 'MP_REGISTRY_VERSION_NOT_FOUND', 'model version models:/m/9 not found — list them with: modelpilot versions list m'],
    [['compare', 'm', '1', '9'], 'MP_REGISTRY_VERSION_NOT_FOUND', 'models:/m/9 not found'],
    [['versions', 'show', 'models:/m@champion'], 'MP_REGISTRY_ALIAS_NOT_FOUND', "alias 'champion' of model 'm' not found — see aliases with: modelpilot models show m"],
    [['versions', 'show', 'models:/m'], 'MP_URI_INVALID', "'models:/m' is not a model URI — use models:/<name>/<version>"],
    [['versions', 'show', 'm/0'], 'MP_URI_INVALID', "'m/0' is not a model URI"],
    [['versions', 'list', 'm', '--stage', 'Live'], 'MP_REGISTRY_STAGE_INVALID', "stage 'Live' is not one of None, Staging, Production, Archived"],
  ])('%j → exit 1, %s', async ([args, code, message], { expect }) => {
    const line = expectFailure(await run(...args), code);
    expect(line).toBe(`error ${code}: ${line.slice(`error ${code}: `.length)}`);
    expect(line).toContain(message);
  });

  it('with --json a failure prints only a JSON error on stdout, and the one line on stderr', async ({ expect }) => {
    const r = await run('versions', 'show', 'm/9', '--json');
    const line = expectFailure(r, 'MP_REGISTRY_VERSION_NOT_FOUND');
    expect(r.json()).toEqual({ error: { code: 'MP_REGISTRY_VERSION_NOT_FOUND', message: line.replace('error MP_REGISTRY_VERSION_NOT_FOUND: ', '') } });
  });

  it.for<[string[], string]>([
    [['register', 'm'], "missing required argument 'file' — see modelpilot <command> --help"],
    [['models', 'list', '--bogus'], "unknown option '--bogus' — see modelpilot <command> --help"],
    [['launch-rockets'], "unknown command 'launch-rockets' — see modelpilot <command> --help"],
    [['catalog', '--format', 'xml'], '--format xml is not one of table, json, csv'],
    // serve checks its numbers before it opens anything
    [['serve', '--port', 'abc'], "--port 'abc' is not valid — write a port from 0 to 65535"],
    [['serve', '--sample-rate', '2'], "--sample-rate '2' is not valid — write a fraction from 0 to 1, e.g. 0.02"],
    [['serve', '--max-batch-wait', '-1'], "--max-batch-wait '-1' is not valid — write milliseconds from 0 to 1000, e.g. 1"],
    [['serve', '--max-batch', '0'], "'0' is not a valid --max-batch — write a whole number from 1 up"],
    [['monitor', 'bc', '--watch', '--interval', '0'], "--interval '0' is not valid — write seconds from 0.1 to 86400, e.g. 5"],
  ])('usage error %j → exit 2, one MP_USAGE line on stderr, the JSON error on stdout', async ([args, message], { expect }) => {
    const r = await run(...args, '--json');
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`error MP_USAGE: ${message}`]);
    expect(r.json()).toEqual({ error: { code: 'MP_USAGE', message: message.replace(' — see modelpilot <command> --help', '') } });
  });

  it.for<[string[], string]>([
    [['alias', 'set', 'm', 'stable', 'abc'], "'abc' is not a valid version number"],
    [['compare', 'm', '1', 'x'], "'x' is not a valid version number"],
    [['audit', 'list', '--limit', '0'], "'0' is not a valid --limit"],
  ])('a version that is not a number %j → exit 2, MP_USAGE', async ([args, message], { expect }) => {
    const r = await run(...args);
    expect(lines(r.stderr)[0]).toMatch(/^error MP_USAGE: /);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
  });
});
