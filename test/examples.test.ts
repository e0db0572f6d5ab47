import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createProgram } from '../src/cli/program.js';

/** Every `modelpilot …` line of the CI recipe names a real command and only flags that command has. */
describe('examples/github-actions/model-release.yml', () => {
  const workflow = parse(readFileSync(new URL('../examples/github-actions/model-release.yml', import.meta.url), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const scripts = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n').replace(/\\\n\s*/g, ' ');
  const invocations = [...scripts.matchAll(/modelpilot ([^|\n)]*)/g)].map((m) => m[1]!.trim().split(/\s+/));

  it.each(invocations.map((words) => [words.slice(0, 2).join(' '), words] as const))('%s is a command with those flags', (_name, words) => {
    let cmd: Command = createProgram('test');
    for (const word of words) {
      const sub = cmd.commands.find((c) => c.name() === word);
      if (!sub) break;
      cmd = sub;
    }
    expect(cmd.name()).not.toBe('modelpilot');
    const known = new Set([...cmd.options, ...createProgram('test').options].map((o) => o.long));
    for (const flag of words.filter((w) => w.startsWith('--'))) expect(known, `${flag} of ${cmd.name()}`).toContain(flag);
  });

  it('covers register, validate with JUnit, alias and a watched canary', () => {
    expect(invocations.map((w) => w[0])).toEqual(['register', 'validate', 'alias', 'deploy']);
  });
});
