import { mpError, isoTime, type Clock, type Random } from '../core/index.js';
import type { TensorData } from '../engine/index.js';
import type { BatchResult } from './batcher.js';
import type { Feeds, NonFinitePolicy } from './feeds.js';
import { versionMetrics, type ServingMetrics, type VersionMetrics } from './metrics.js';
import type { ModelLayout } from './model-layout.js';
import { inputRows, observePredictions, toPredictions } from './predictions.js';
import { route, stickyValueOf } from './router.js';
import type { Sampler } from './sampler.js';
import type { ServedVersion } from './served-version.js';
import type { EndpointState, ServingHost } from './serving-host.js';

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

/** A routed request: the endpoint's state at routing time and the version that answers. */
export interface Routed {
  readonly state: EndpointState;
  readonly served: ServedVersion;
}

/** Header that pins a request to a version (smoke tests of a version that takes no traffic yet). */
export const PIN_HEADER = 'x-modelpilot-pin';

const metricsOf = new WeakMap<ServedVersion, VersionMetrics>();

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Finds the endpoint's answering version (pinned, sticky or weighted); 404 when unknown, 503 while loading. */
export function resolveServed(deps: ServingDeps, endpoint: string, urlVersion: number | undefined, headers: Headers): Routed {
  const state = deps.host.get(endpoint);
  if (state === undefined) throw mpError('MP_SERVING_ENDPOINT_NOT_FOUND', endpoint);
  if (state === 'loading') throw mpError('MP_SERVING_NOT_READY', endpoint, 'its model is loading');
  const pin = urlVersion ?? pinnedHeader(headers[PIN_HEADER]);
  return { state, served: route(state, { pinned: pin, stickyValue: stickyValueOf(state.plan.stickyKey, headers) }, deps.random) };
}

function pinnedHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(v) && v > 0 ? v : -1;
}

/**
 * Decodes, runs and observes one request. `decode` is the protocol's hand-written check against the layout;
 * metrics, the judge's recorder and sampling never delay the answer (the batcher's run hook mirrors whole runs).
 */
export async function infer(deps: ServingDeps, routed: Routed, requestId: string, decode: (layout: ModelLayout) => Feeds): Promise<Inference> {
  const { served } = routed;
  const started = deps.clock.monotonic();
  const feeds = decode(served.layout);
  let result: BatchResult;
  try {
    result = await served.infer(feeds);
  } catch (e) {
    throw mpError('MP_SERVING_INFERENCE_FAILED', `models:/${served.entry.model}/${served.entry.version}`, (e as Error).message ?? String(e));
  }
  const { outputs, runMs } = result;
  const ms = deps.clock.monotonic() - started;
  const now = deps.clock.now();
  const vm = metricsFor(deps, served);
  vm.request.observe(ms / 1000);
  served.recorder.answered(now, ms, runMs);
  observePredictions(outputs, served.layout, feeds.rows, vm, served.recorder, now);
  if (deps.sampler.shouldSample()) deps.sampler.offer(sampleOf(served, requestId, isoTime(now), ms, feeds, outputs));
  return { served, outputs, rows: feeds.rows };
}

function sampleOf(served: ServedVersion, requestId: string, at: string, latencyMs: number, feeds: Feeds, outputs: Record<string, TensorData>) {
  return {
    endpoint: served.endpoint,
    model: served.entry.model,
    version: served.entry.version,
    requestId,
    at,
    latencyMs,
    inputs: inputRows(feeds.tensors, served.layout, feeds.rows),
    outputs: toPredictions(outputs, served.layout, feeds.rows),
  };
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
