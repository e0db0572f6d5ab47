#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { createProgram } from './program.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

try {
  await createProgram(pkg.version).parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  // Help and version exit 0; every other parse problem is a usage error (exit 2), already printed by commander.
  process.exitCode = e.exitCode === 0 ? 0 : 2;
  if (e.exitCode !== 0 && process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ error: { code: 'MP_USAGE', message: e.message.replace(/^error: /, '') } })}\n`);
  }
}
