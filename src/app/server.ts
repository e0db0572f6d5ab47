import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiPlugin } from '../api/index.js';
import { createSeededRandom, isoTime } from '../core/index.js';
import { createOnnxEngine } from '../engine/index.js';
import { writeSamples } from '../monitoring/index.js';
import { createRegistry } from '../registry/index.js';
import { createEndpointService, type EndpointService } from '../rollout/index.js';
import { createLocalRuntime, createRegistryLoader } from '../runtimes/index.js';
import { createSampler, createServingHost, createServingMetrics, servingPlugin, type Sampler, type ServingHost } from '../serving/index.js';
import { createLocalArtifactStore, createStore, type Store } from '../store/index.js';
import type { Config } from './config.js';
import { liveStatus } from './live-status.js';
import type { ServeOptions } from './serve-options.js';
import { createSystemClock } from './system-clock.js';

/** A composed server: both planes on one Fastify instance, and the parts shutdown needs. */
export interface Server {
  readonly app: FastifyInstance;
  readonly endpoints: EndpointService;
  readonly host: ServingHost;
  readonly sampler: Sampler;
  readonly store: Store;
  /** Sets why the server is not ready (undefined = ready). */
  setNotReady(reason: string | undefined): void;
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
  const store = await createStore(config.db, { busyTimeoutMs: config.sqliteBusyTimeoutMs, now: isoTime(clock.now()) });
  // Samples get their own SQLite connection that never waits for the write lock: better-sqlite3 is synchronous,
  // so waiting would stall every request. A busy store drops the batch (counted) instead.
  const sampleStore = store.dialect === 'sqlite' ? await createStore(config.db, { busyTimeoutMs: 0, now: isoTime(clock.now()) }) : store;
  const artifacts = createLocalArtifactStore(config.artifactsDir);
  // One thread per run: answers then do not depend on how requests were batched (onnxruntime's parallel
  // reductions are not bit-identical across batch shapes), and batching, not threads, carries the load.
  const engine = createOnnxEngine({ intraOpThreads: 1 });
  const registry = createRegistry({ store, artifacts, engine, clock, actor: config.actor });
  const metrics = createServingMetrics();
  const host = createServingHost({
    loader: createRegistryLoader({ artifacts, engine, registry }),
    clock,
    maxBatchRows: options.maxBatchRows,
    maxWaitMs: options.maxBatchWaitMs,
    recorderCapacity: options.recorderCapacity,
    observer: {
      loaded: (e, ms) => metrics.loadSeconds.labels(e.model, String(e.version)).set(ms / 1000),
      ran: (endpoint, e, rows, ms) => {
        metrics.batchRows.labels(endpoint, String(e.version)).observe(rows);
        metrics.inferenceSeconds.labels(endpoint, String(e.version)).observe(ms / 1000);
      },
      retired: (e) => metrics.loadSeconds.remove(e.model, String(e.version)),
    },
  });
  const sampler = createSampler({
    rate: options.sampleRate, capacity: options.sampleQueue, flushCount: 500, flushMs: 1000, clock, random,
    sink: { write: (samples) => writeSamples(sampleStore, samples) },
    onDropped: (n) => metrics.samplesDropped.inc(n),
    onWritten: (n) => metrics.samplesWritten.inc(n),
    onError: (e, n) => {
      metrics.samplesDropped.inc(n);
      app.log.warn({ err: e }, 'writing prediction samples failed; the batch was dropped');
    },
  });
  const endpoints = createEndpointService({ store, registry, applier: createLocalRuntime(host), clock });
  let notReady: string | undefined = 'starting';
  const app = Fastify({ logger: { level: 'warn' }, bodyLimit: options.bodyLimit, requestIdHeader: 'x-request-id', genReqId: requestIds(), return503OnClosing: true, forceCloseConnections: 'idle' });
  await app.register(servingPlugin, { host, metrics, sampler, clock, random, maxRows: options.maxRows, nonFinite: options.nonFinite, bodyLimit: options.bodyLimit, serverVersion, readiness: () => notReady });
  await app.register(apiPlugin, {
    endpoints,
    liveStatus: (name) => liveStatus(host, name),
    actorOf: (request) => String(request.headers['x-modelpilot-actor'] ?? config.actor),
    serverVersion,
  });
  const closeStores = async (): Promise<void> => {
    if (sampleStore !== store) await sampleStore.close();
    await store.close();
  };
  return { app, endpoints, host, sampler, store, setNotReady: (reason) => (notReady = reason), closeStores };
}

/** Request ids: a random per-process prefix and a counter (cheap, unique, sortable within a process). */
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let n = 0;
  return () => `${prefix}-${(n++).toString(36)}`;
}
