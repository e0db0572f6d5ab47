import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

// `--help` on the root and on every command (found by walking the help itself, so new commands are covered too)
// exits 0 and prints usage on stdout; `--json` on a success prints one JSON document and nothing else.

/** The registry and audit commands of DESIGN.md §4.1 that must exist. */
const REQUIRED = [
  'models create', 'models list', 'models show', 'models update', 'register', 'versions list', 'versions show',
  'alias set', 'alias delete', 'alias history', 'stage', 'approve', 'reject', 'compare', 'lineage', 'catalog',
  'retention apply', 'audit list', 'audit verify', 'demo',
];

/** Subcommand names listed under "Commands:" in commander's help (without `help`). */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

describe('--help', () => {
  const seen = new Map<string, string>();

  beforeAll(async () => {
    // Breadth-first over the command tree, one level of the tree at a time, each level in parallel.
    let level: string[][] = [[]];
    while (level.length) {
      const helps = await Promise.all(level.map((path) => runCli([...path, '--help'])));
      const next: string[][] = [];
      helps.forEach((r, i) => {
        const path = level[i]!;
        seen.set(path.join(' '), JSON.stringify({ code: r.code, stdout: r.stdout, stderr: r.stderr }));
        for (const name of subcommands(r.stdout)) next.push([...path, name]);
      });
      level = next;
    }
  });

  it('finds every registry and audit command of the CLI contract', () => {
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['', 'models', 'versions', 'alias', 'retention', 'audit', ...REQUIRED]));
  });

  it('exits 0 and prints `Usage: modelpilot <command>` with a description and options, on the root and every command', () => {
    for (const [path, result] of seen) {
      const r = JSON.parse(result) as { code: number; stdout: string; stderr: string };
      expect({ path, code: r.code, stderr: r.stderr }).toEqual({ path, code: 0, stderr: '' });
      expect(r.stdout, path).toMatch(new RegExp(`^Usage: modelpilot${path ? ` ${path}` : ''} `));
      expect(r.stdout, path).toContain('Options:');
      expect(r.stdout, path).toContain('-h, --help');
      expect(r.stdout.split('\n')[2]!.length, `${path} has a description`).toBeGreaterThan(10);
    }
  });

  it('documents the flags of the contract', () => {
    const usage = (path: string): string => (JSON.parse(seen.get(path)!) as { stdout: string }).stdout;
    for (const flag of ['--home <dir>', '--db <url>', '--json', '--actor <who>']) expect(usage('')).toContain(flag);
    for (const flag of ['--metric <k=v>', '--param <k=v>', '--tag <k=v>', '--lineage <k=v>', '--description', '--feature-names', '--reference', '--target']) {
      expect(usage('register')).toContain(flag);
    }
    expect(usage('models create')).toContain('--policy <file>');
    expect(usage('stage')).toContain('--archive-existing');
    expect(usage('reject')).toContain('--notes');
    expect(usage('catalog')).toContain('--format');
    expect(usage('retention apply')).toContain('--dry-run');
    expect(usage('versions list')).toContain('--stage');
  });

  it('`help <command>` and `--version` exit 0 too', async () => {
    const [help, version] = await Promise.all([runCli(['help', 'register']), runCli(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: modelpilot register /);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

describe('--json', () => {
  // Every cliJson() call in the other files asserts this too; here it is on its own, for a write and a read.
  it('on a success prints one JSON document on stdout and nothing on stderr', async () => {
    const home = tempDir('mp-cli-json-');
    const register = await runCli(['register', 'j', fixture('iris-logreg.onnx'), '--json'], { home });
    const catalog = await runCli(['catalog', '--json'], { home });
    for (const r of [register, catalog]) {
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(() => r.json()).not.toThrow();
    }
    expect(register.json()).toMatchObject({ uri: 'models:/j/1' });
    expect(catalog.json()).toMatchObject([{ model: 'j', version: 1 }]);
  });
});
