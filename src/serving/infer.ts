import { mpError, isoTime, type Clock, type Random } from '../core/index.js';
import type { TensorData } from '../engine/index.js';
import type { Feeds, NonFinitePolicy } from './feeds.js';
import { versionMetrics, type ServingMetrics, type VersionMetrics } from './metrics.js';
import type { ModelLayout } from './model-layout.js';
import { inputRows, observePredictions, toPredictions } from './predictions.js';
import { route } from './router.js';
import type { Sampler } from './sampler.js';
import type { ServedVersion } from './served-version.js';
import type { ServingHost } from './serving-host.js';

/** Everything the request handlers share, handed to the plugin by the composition root. */
export interface ServingDeps {
  readonly host: ServingHost;
  readonly metrics: ServingMetrics;
  readonly sampler: Sampler;
  readonly clock: Clock;
  readonly random: Random;
  readonly maxRows: number;
  readonly nonFinite: NonFinitePolicy;
  /** Why the server is not ready (endpoints loading, draining), or undefined when it is. */
  readonly readiness: () => string | undefined;
}

/** The answer of one request: which version ran it and its outputs for this request's rows. */
export interface Inference {
  readonly served: ServedVersion;
  readonly outputs: Record<string, TensorData>;
  readonly rows: number;
}

/** Seconds a client should wait before retrying an endpoint that is still loading. */
export const RETRY_AFTER_SECONDS = 1;

const metricsOf = new WeakMap<ServedVersion, VersionMetrics>();

/** Finds the endpoint's serving version (pinned or routed); 404 when unknown, 503 while loading. */
export function resolveServed(deps: ServingDeps, endpoint: string, pinned: number | undefined): ServedVersion {
  const state = deps.host.get(endpoint);
  if (state === undefined) throw mpError('MP_SERVING_ENDPOINT_NOT_FOUND', endpoint);
  if (state === 'loading') throw mpError('MP_SERVING_NOT_READY', endpoint, 'its model is loading');
  return route(state, pinned, deps.random);
}

/**
 * Decodes, runs and observes one request. `decode` is the protocol's hand-written check against the layout;
 * metrics and sampling never delay the answer.
 */
export async function infer(
  deps: ServingDeps,
  served: ServedVersion,
  requestId: string,
  decode: (layout: ModelLayout) => Feeds,
): Promise<Inference> {
  const started = deps.clock.monotonic();
  const feeds = decode(served.layout);
  deps.metrics.inflight.inc();
  const outputs = await served
    .infer(feeds)
    .catch((e: unknown) => {
      throw mpError('MP_SERVING_INFERENCE_FAILED', `models:/${served.entry.model}/${served.entry.version}`, (e as Error).message ?? String(e));
    })
    .finally(() => deps.metrics.inflight.dec());
  const ms = deps.clock.monotonic() - started;
  const vm = metricsFor(deps, served);
  vm.request.observe(ms / 1000);
  observePredictions(outputs, served.layout, feeds.rows, vm);
  if (deps.sampler.shouldSample()) {
    deps.sampler.offer({
      endpoint: served.endpoint,
      model: served.entry.model,
      version: served.entry.version,
      requestId,
      at: isoTime(deps.clock.now()),
      latencyMs: ms,
      inputs: inputRows(feeds.tensors, served.layout, feeds.rows),
      outputs: toPredictions(outputs, served.layout, feeds.rows),
    });
  }
  return { served, outputs, rows: feeds.rows };
}

/** Counts the answer by status once the protocol knows it. */
export function countAnswer(deps: ServingDeps, served: ServedVersion, protocol: string, status: number): void {
  metricsFor(deps, served).counted(protocol, status);
}

function metricsFor(deps: ServingDeps, served: ServedVersion): VersionMetrics {
  let vm = metricsOf.get(served);
  if (!vm) metricsOf.set(served, (vm = versionMetrics(deps.metrics, served.endpoint, served.entry)));
  return vm;
}
