import type { Config } from './config.js';
import type { DemoOutput, DemoResult } from './demo/run-demo.js';
import type { RunServerInput } from './run-server.js';
import type { ServeOptions } from './serve-options.js';
import type { Server } from './server.js';
import type { ValidateRequest, ValidateResult } from './validate.js';
import type { Static, TSchema } from '../contract/index.js';
import type { ResolvedMonitorConfig } from '../monitoring/index.js';

export { resolveConfig, type Config, type ConfigFlags } from './config.js';
export { openRegistry, type OpenRegistry } from './open-registry.js';
export { DEFAULT_SERVE_OPTIONS, type ServeOptions } from './serve-options.js';
export { createSystemClock } from './system-clock.js';
export type { DemoOutput, DemoResult } from './demo/run-demo.js';
export type { RunServerInput } from './run-server.js';
export type { ValidateRequest, ValidateResult } from './validate.js';
export type { Server };

// Heavy entry points load their modules on first use, so a registry command never pays for the HTTP
// server, the schema validator or the YAML parser.

/** Reads and checks a YAML/JSON file users write (see read-spec-file.ts). */
export async function readSpecFile<S extends TSchema>(path: string, schema: S, overrides: Readonly<Record<string, unknown>> = {}): Promise<Static<S>> {
  return (await import('./read-spec-file.js')).readSpecFile(path, schema, overrides);
}

/** The monitoring file of `serve --monitor` (YAML or JSON), checked, with every default filled in. */
export async function readMonitorFile(path: string): Promise<ResolvedMonitorConfig> {
  const [{ readFile }, { parseMonitorConfig, resolveMonitorConfig }, { mpError }] = await Promise.all([import('node:fs/promises'), import('../monitoring/index.js'), import('../core/index.js')]);
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw (e as { code?: string }).code === 'ENOENT' ? mpError('MP_FILE_NOT_FOUND', path) : e;
  });
  return resolveMonitorConfig(parseMonitorConfig(text, `file ${path}`));
}

/** `modelpilot serve` (see run-server.ts). */
export async function runServer(config: Config, options: ServeOptions, version: string, input: RunServerInput): Promise<void> {
  return (await import('./run-server.js')).runServer(config, options, version, input);
}

/** The guided tour (see demo/run-demo.ts). */
export async function runDemo(config: Config, say: DemoOutput): Promise<DemoResult> {
  return (await import('./demo/run-demo.js')).runDemo(config, say);
}

/** Builds a server without listening, for tests and embedding (see server.ts). */
export async function buildServer(config: Config, options: ServeOptions, version: string): Promise<Server> {
  return (await import('./server.js')).buildServer(config, options, version);
}

/** `modelpilot validate` and `modelpilot test` (see validate.ts). */
export async function validateModel(config: Config, request: ValidateRequest): Promise<ValidateResult> {
  return (await import('./validate.js')).validateModel(config, request);
}
