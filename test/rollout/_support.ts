import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EndpointView, ModelVersion, RolloutSnapshot } from '../../src/contract/index.js';
import { cliJson, runCli, type CliResult } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { httpCall, sleep, type ServerProcess } from '../helpers/server-process.js';

// Shared by the progressive-delivery process tests: registering fixture versions, writing spec files, reading a
// rollout and an endpoint over the control-plane API, and waiting for a rollout to reach a state.

/** The fixture models a rollout test registers, by what they are. */
export const MODELS = {
  logreg: fixture('breast-cancer-logreg.onnx'),
  trees: fixture('breast-cancer-trees.onnx'),
  errors: fixture('rollout/errors.onnx'),
  slow: fixture('rollout/slow.onnx'),
  shifted: fixture('rollout/shifted.onnx'),
} as const;

const REFERENCE = ['--reference', fixture('breast-cancer-train.csv'), '--target', 'target'];

/**
 * Registers a file as the next version of `bc`. With a reference profile (the default) the server warms the version
 * up on the profile's sample rows; errors.onnx is registered without one, because a sample row with a large
 * mean_radius would (rightly) fail its warm-up and the rollout would end Failed instead of being judged.
 */
export function register(home: string, file: string, options: { reference?: boolean; model?: string; extra?: readonly string[] } = {}): Promise<ModelVersion> {
  const reference = options.extra ?? (options.reference === false ? [] : REFERENCE);
  return cliJson<ModelVersion>(['register', options.model ?? 'bc', file, ...reference], { home });
}

/**
 * A copy of a fixture with one more protobuf field appended (a doc_string, still a valid model), so it is stored
 * as a blob of its own and can be corrupted without touching the original's blob.
 */
export function distinctCopy(dir: string, file: string, note: string): string {
  const copy = join(dir, `copy-${note}.onnx`);
  writeFileSync(copy, Buffer.concat([readFileSync(file), Buffer.from([0x32, note.length]), Buffer.from(note)]));
  return copy;
}

/** Overwrites 100 bytes in the middle of a version's blob in the local artifact store. */
export function corruptBlob(home: string, digest: string): void {
  const hex = digest.replace(/^sha256:/, '');
  const blob = join(home, 'artifacts', 'sha256', hex.slice(0, 2), hex.slice(2));
  chmodSync(blob, 0o644);
  const bytes = readFileSync(blob);
  bytes.fill(0, 100, 200);
  writeFileSync(blob, bytes);
}

/** The short canary every test uses: 20% → 3 s analysis → 50% → 3 s analysis (100 requests per arm at least). */
export const SHORT_CANARY_STEPS = [
  { setWeight: 20 },
  { analysis: { duration: '3s', minSamples: 100 } },
  { setWeight: 50 },
  { analysis: { duration: '3s', minSamples: 100 } },
];

/** Writes a rollout spec file (YAML, the way users write them) and returns its path. */
export function writeSpec(dir: string, name: string, spec: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, toYaml(spec));
  return path;
}

/** Enough YAML for specs: nested maps and lists of maps and scalars. */
function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return value.map((v) => `${indent}- ${toYaml(v, `${indent}  `).trimStart()}`).join('');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => (v !== null && typeof v === 'object' && Object.keys(v).length ? `${indent}${k}:\n${toYaml(v, `${indent}  `)}` : `${indent}${k}: ${JSON.stringify(v)}\n`))
      .join('');
  }
  return `${JSON.stringify(value)}\n`;
}

/** GET/POST on the control plane, parsed; throws with the body on anything but the expected status. */
export async function api<T>(server: ServerProcess, method: 'GET' | 'POST', path: string, body?: unknown, status = method === 'POST' && path === '/api/v1/rollouts' ? 201 : 200): Promise<T> {
  const r = await httpCall(`${server.url}${path}`, method, body === undefined ? undefined : JSON.stringify(body));
  if (r.status !== status) throw new Error(`${method} ${path} answered ${r.status}: ${r.body}`);
  return JSON.parse(r.body) as T;
}

export const rolloutOf = (server: ServerProcess, endpoint = 'bc'): Promise<RolloutSnapshot> => api<RolloutSnapshot>(server, 'GET', `/api/v1/rollouts/${endpoint}`);
export const endpointOf = (server: ServerProcess, endpoint = 'bc'): Promise<EndpointView> => api<EndpointView>(server, 'GET', `/api/v1/endpoints/${endpoint}`);

/** The plan's versions as `version role weight` strings, e.g. `['1 stable 80', '2 canary 20']`. */
export const weights = (view: EndpointView): string[] => view.plan.versions.map((v) => `${v.version} ${v.role} ${v.weight}`);

/** Polls the rollout (every 100 ms) until `ready` holds; throws with the last snapshot after `timeoutMs`. */
export async function waitForRollout(server: ServerProcess, ready: (s: RolloutSnapshot) => boolean, timeoutMs = 60_000, endpoint = 'bc'): Promise<RolloutSnapshot> {
  const deadline = performance.now() + timeoutMs;
  let last: RolloutSnapshot | undefined;
  while (performance.now() < deadline) {
    last = await rolloutOf(server, endpoint);
    if (ready(last)) return last;
    await sleep(100);
  }
  throw new Error(`rollout of ${endpoint} did not get there within ${timeoutMs} ms; last: ${JSON.stringify(last && { phase: last.phase, stepIndex: last.stepIndex, weight: last.weight, message: last.message })}`);
}

/** `versions show <uri> --json`: tags and aliases as the registry has them. */
export async function versionOf(home: string, uri: string): Promise<ModelVersion> {
  return cliJson<ModelVersion>(['versions', 'show', uri], { home });
}

/** The metrics of a report that came out High, by name. */
export const failingMetrics = (s: RolloutSnapshot): string[] => (s.lastReport?.metrics ?? []).filter((m) => m.verdict === 'High').map((m) => m.metric);

/** The CLI against a running server: `mp` returns the result, `mpJson` the parsed `--json` output (or throws). */
export function cliFor(server: () => ServerProcess, home: () => string) {
  const mp = (...args: string[]): Promise<CliResult> => runCli(['--server', server().url, ...args], { home: home(), timeoutMs: 60_000 });
  const mpJson = async <T>(...args: string[]): Promise<T> => {
    const r = await mp(...args, '--json');
    if (r.code !== 0) throw new Error(`modelpilot ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
    return r.json<T>();
  };
  return { mp, mpJson };
}
