import { parseModelUri } from '../core/index.js';
import type { Config } from './config.js';
import { keepHeapNearLive } from './heap.js';
import type { ServeOptions } from './serve-options.js';
import { buildServer, type Server } from './server.js';

export interface RunServerInput {
  /** Serve this model URI at start (MLflow's `models serve` habit). */
  readonly uri?: string | undefined;
  /** Endpoint for `uri` (default: the model's name). */
  readonly endpoint?: string | undefined;
  readonly say: (line: string) => void;
}

/**
 * `modelpilot serve`: listen, restore persisted endpoints, deploy the given URI, and on SIGTERM/SIGINT drain:
 * stop accepting, finish in-flight requests (up to the drain timeout), flush samples, free models, exit 0.
 * Resolves once the server has fully stopped.
 */
export async function runServer(config: Config, options: ServeOptions, version: string, input: RunServerInput): Promise<void> {
  keepHeapNearLive();
  const server = await buildServer(config, options, version);
  const stopped = new Promise<void>((resolve) => installSignals(server, options, input.say, resolve));
  try {
    await startUp(server, config, options, version, input);
  } catch (e) {
    // A server that cannot start must not linger half-up: release everything, then report.
    await drain(server, options.drainTimeoutMs);
    throw e;
  }
  await stopped;
}

async function startUp(server: Server, config: Config, options: ServeOptions, version: string, input: RunServerInput): Promise<void> {
  // Restoring starts before listening, so a persisted endpoint answers 503 (loading), never 404, while it loads.
  await server.startBackground();
  const restoring = server.endpoints.restore();
  const address = await server.app.listen({ host: options.host, port: options.port });
  server.setAddress(address);
  input.say(`modelpilot ${version} listening on ${address} (store ${server.store.label})`);
  for (const f of await restoring) input.say(`endpoint ${f.endpoint} could not be restored: ${f.error}`);
  const resumed = await server.rollouts.resumeAll();
  if (resumed) input.say(`resumed ${resumed} rollout(s) from their persisted step`);
  if (input.uri) await serveUri(server, config, { ...input, uri: input.uri });
  server.setNotReady(undefined);
  for (const e of server.host.endpoints()) input.say(`ready: ${address}/v2/models/${e.plan.endpoint}/infer`);
}

/** `serve <uri>`: deploy it to its endpoint, unless that endpoint is in the middle of a rollout (which goes on). */
async function serveUri(server: Server, config: Config, input: RunServerInput & { uri: string }): Promise<void> {
  const endpoint = input.endpoint ?? parseModelUri(input.uri).name;
  const latest = await server.rollouts.get(endpoint).catch(() => undefined);
  if (latest && (latest.phase === 'Progressing' || latest.phase === 'Paused')) {
    input.say(`endpoint ${endpoint} has a rollout in progress (${latest.id}); it goes on, ${input.uri} is not redeployed`);
    return;
  }
  const record = await server.endpoints.deploy(endpoint, input.uri, config.actor);
  input.say(`serving ${record.plan.versions.map((v) => `models:/${v.model}/${v.version}`).join(', ')} at endpoint ${endpoint}`);
}

function installSignals(server: Server, options: ServeOptions, say: (line: string) => void, done: () => void): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: draining (up to ${options.drainTimeoutMs} ms)`);
    void drain(server, options.drainTimeoutMs).then(done);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Stop accepting, let in-flight requests finish, then flush and release everything. */
export async function drain(server: Server, timeoutMs: number): Promise<void> {
  server.setNotReady('draining');
  server.rollouts.stop();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([server.app.close(), deadline]);
  clearTimeout(timer);
  await server.sampler.close();
  await server.stopBackground();
  await server.host.close();
  await server.closeStores();
}
