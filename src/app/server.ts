import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { inferenceFirst } from './inference-first.js';
import { apiPlugin } from '../api/index.js';
import { createSeededRandom, isoTime, type Clock } from '../core/index.js';
import { createOnnxEngine } from '../engine/index.js';
import { createWebhookNotifier, type Monitor, type Notifier } from '../monitoring/index.js';
import { createRegistry } from '../registry/index.js';
import type { EndpointService, RolloutController, RolloutEvents } from '../rollout/index.js';
import { createInferFront, monitorGaugesOn, servingPlugin, type InferFront, type Sampler, type ServingHost } from '../serving/index.js';
import { monitorGauges, monitorView, resolveMonitorConfig } from '../monitoring/index.js';
import { createLocalArtifactStore, createStore, type Store } from '../store/index.js';
import type { Config } from './config.js';
import { liveStatus } from './live-status.js';
import { buildControlPlane } from './parts/control-plane.js';
import { buildDataPlane } from './parts/data-plane.js';
import { buildMonitoring } from './parts/monitoring.js';
import { hostArmSource } from './rollout-ports.js';
import type { ServeOptions } from './serve-options.js';
import { createSystemClock } from './system-clock.js';

/** A composed server: both planes on one Fastify instance, and the parts shutdown needs. */
export interface Server {
  readonly app: FastifyInstance;
  readonly endpoints: EndpointService;
  readonly rollouts: RolloutController;
  readonly events: RolloutEvents;
  readonly host: ServingHost;
  readonly sampler: Sampler;
  readonly store: Store;
  readonly monitor: Monitor;
  /**
   * Loads the monitor's state and starts the server's clock: the monitor's windows close every second and the
   * store's write-ahead log is checkpointed off the event loop (the server's connections never do it themselves).
   */
  startBackground(): Promise<void>;
  /** Stops that clock and saves open windows (after the sampler's last flush). */
  stopBackground(): Promise<void>;
  /** Sets why the server is not ready (undefined = ready). */
  setNotReady(reason: string | undefined): void;
  /** Records the address the server listens on (smoke tests of rollouts go through it). */
  setAddress(baseUrl: string): void;
  /** Closes the database connections (after the HTTP server and the data plane). */
  closeStores(): Promise<void>;
}

/**
 * The composition root of `modelpilot serve`: store, artifacts, engine, data plane, control plane.
 * @example const server = await buildServer(config, options, '0.1.0'); await server.app.listen({ port: 8080 });
 */
export async function buildServer(config: Config, options: ServeOptions, serverVersion: string): Promise<Server> {
  const clock = createSystemClock();
  const random = createSeededRandom(randomBytes(4).readUInt32LE());
  // Requests must never wait behind a WAL checkpoint: a worker thread runs them, on the monitor's tick.
  const store = await createStore(config.db, { busyTimeoutMs: config.sqliteBusyTimeoutMs, now: isoTime(clock.now()), walCheckpoints: 'worker' });
  // Samples get their own SQLite connection that never waits for the write lock: better-sqlite3 is synchronous,
  // so waiting would stall every request. A busy store gets the batch back for a later try instead.
  const sampleStore = store.dialect === 'sqlite' ? await createStore(config.db, { busyTimeoutMs: 0, now: isoTime(clock.now()), walCheckpoints: 'off' }) : store;
  const artifacts = createLocalArtifactStore(config.artifactsDir);
  // One thread per run: answers then do not depend on how requests were batched (onnxruntime's parallel
  // reductions are not bit-identical across batch shapes), and batching, not threads, carries the load.
  const engine = createOnnxEngine({ intraOpThreads: 1, clock });
  const registryAs = (actor: string) => createRegistry({ store, artifacts, engine, clock, actor });
  const registry = registryAs(config.actor);
  const requestId = requestIds();
  // Inference requests go to the data plane's own listener (set once the data plane exists), the rest to Fastify.
  const front: { inference?: InferFront } = {};
  const app = Fastify({
    logger: { level: 'warn' },
    bodyLimit: options.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => requestId(undefined),
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    serverFactory: inferenceFirst(() => front.inference, clock),
  });
  const warn = (e: unknown, m: string): void => app.log.warn({ err: e }, m);
  const notifier = webhookNotifier(clock, (m) => app.log.warn(m));
  // The sampler's sink feeds the monitor, which reads the data plane's recorder: each needs the other.
  const data = buildDataPlane({ options, clock, random, registry, artifacts, engine, sampleStore, warn, observe: (samples) => monitor.observe(samples) });
  const monitor = buildMonitoring({ store, clock, random, config: options.monitor ?? resolveMonitorConfig({}), registry, arms: hostArmSource(data.host), notifier, warn });
  monitorGaugesOn(data.metrics, () => monitorGauges(monitor.state));
  let baseUrl: string | undefined;
  const control = buildControlPlane({ store, registryAs, host: data.host, clock, baseUrl: () => baseUrl, notifier, monitor });
  let notReady: string | undefined = 'starting';
  const servingDeps = { ...data, clock, random, maxRows: options.maxRows, nonFinite: options.nonFinite, readiness: () => notReady };
  front.inference = createInferFront({ ...servingDeps, bodyLimit: options.bodyLimit, requestId, onInternalError: (e) => app.log.error({ err: e }, 'request failed') });
  await app.register(servingPlugin, { ...servingDeps, serverVersion });
  await app.register(apiPlugin, {
    ...control,
    liveStatus: (name) => liveStatus(data.host, name),
    actorOf: (request) => String(request.headers['x-modelpilot-actor'] ?? config.actor),
    serverVersion,
    monitor: {
      view: (endpoint, windows) => monitorView(monitor.state, endpoint, windows),
      alerts: () => [...monitor.state.alerts.values()],
      feedback: (endpoint, items) => monitor.feedback(endpoint, items),
      sampleRate: (next) => data.sampler.rate(next),
    },
  });
  let ticker: NodeJS.Timeout | undefined;
  const startBackground = async (): Promise<void> => {
    await monitor.start();
    let ticks = 0;
    ticker = setInterval(() => {
      if (++ticks % CHECKPOINT_EVERY_TICKS === 0) store.checkpoint();
      void monitor.tick().catch((e: unknown) => warn(e, 'monitoring could not close its windows'));
    }, MONITOR_TICK_MS);
  };
  const stopBackground = async (): Promise<void> => {
    clearInterval(ticker);
    await monitor.flush().catch((e: unknown) => warn(e, 'monitoring could not save its open windows'));
  };
  const closeStores = async (): Promise<void> => {
    if (sampleStore !== store) await sampleStore.close();
    await store.close();
  };
  return { app, ...control, ...data, store, monitor, startBackground, stopBackground, setNotReady: (reason) => (notReady = reason), setAddress: (url) => (baseUrl = url), closeStores };
}

function webhookNotifier(clock: Clock, warn: (message: string) => void): Notifier {
  return createWebhookNotifier({
    clock,
    attempts: 4,
    firstBackoffMs: 500,
    timeoutMs: 5_000,
    onGiveUp: (target, error) => warn(`notification to ${target.url} failed after 4 attempts: ${error}`),
  });
}

/** Windows close within a second of their end (plus the grace for late samples). */
const MONITOR_TICK_MS = 1_000;
/** The write-ahead log is checkpointed every 10 ticks: each checkpoint syncs the file, so not more often. */
const CHECKPOINT_EVERY_TICKS = 10;

/**
 * Request ids: the client's when it sent one, else a random per-process prefix and a counter (cheap, unique,
 * sortable within a process).
 */
function requestIds(): (given: string | undefined) => string {
  const prefix = randomBytes(6).toString('hex');
  let n = 0;
  return (given) => given ?? `${prefix}-${(n++).toString(36)}`;
}
