import type { Command } from 'commander';
import { mpError } from '../core/index.js';
import type { Config, ConfigFlags } from '../app/index.js';
import type { Registry } from '../registry/index.js';
import { createOutput, type Output } from './output.js';

/** What a registry command's body gets. */
export interface RegistryScope {
  readonly registry: Registry;
  readonly out: Output;
  readonly config: Config;
}

interface GlobalFlags extends ConfigFlags {
  readonly json?: boolean;
}

/**
 * Runs a command body with an opened registry; maps catalog errors to exit 1 and one line with the fix.
 * The app is imported here, lazily, so `--help` stays fast.
 */
export async function withRegistry(cmd: Command, body: (scope: RegistryScope) => Promise<void>): Promise<void> {
  await withConfig(cmd, async (config, out) => {
    const { openRegistry } = await import('../app/index.js');
    const opened = await openRegistry(config);
    try {
      await body({ registry: opened.registry, out, config });
    } finally {
      await opened.close();
    }
  });
}

/** Runs a command body with the resolved configuration and the output sink. */
export async function withConfig(cmd: Command, body: (config: Config, out: Output) => Promise<void>): Promise<void> {
  const flags = cmd.optsWithGlobals<GlobalFlags>();
  const out = createOutput(Boolean(flags.json));
  try {
    const { resolveConfig } = await import('../app/index.js');
    await body(resolveConfig(flags), out);
  } catch (e) {
    reportError(e, out);
  }
}

function reportError(e: unknown, out: Output): void {
  const err = e as { name?: string; code?: string; status?: number; message?: string };
  if (err?.name === 'ModelpilotError' && err.code) {
    out.error(err.code, err.message ?? '');
    process.exitCode = err.code === 'MP_USAGE' ? 2 : 1;
    return;
  }
  out.error('MP_INTERNAL', `${err?.message ?? String(e)} — this is a bug; please report it with the command you ran`);
  process.exitCode = 1;
}

/** Collects a repeatable option into a list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Parses a numeric flag within [min, max] (`whole` narrows it, e.g. to integers); a usage error (exit 2) naming the
 * flag and what it takes otherwise.
 * @example numberIn('0.02', '--sample-rate', 0, 1, 'a fraction from 0 to 1, e.g. 0.02')
 */
export function numberIn(value: string, flag: string, min: number, max: number, wanted: string, whole: (n: number) => boolean = Number.isFinite): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!whole(n) || n < min || n > max) throw mpError('MP_USAGE', `${flag} '${value}' is not valid — write ${wanted}`);
  return n;
}

/** Parses a positive integer argument (a version number, a limit); a usage error (exit 2) otherwise. */
export function positiveInt(value: string, what = 'version number'): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw mpError('MP_USAGE', `'${value}' is not a valid ${what} — write a whole number from 1 up`);
  return n;
}
