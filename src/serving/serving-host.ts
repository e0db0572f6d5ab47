import type { PlanVersion, ServingPlan } from '../contract/index.js';
import { isMpError, mpError, type Clock, type Random } from '../core/index.js';
import type { LoadedModel } from '../engine/index.js';
import { createArmRecorder } from './arm-recorder.js';
import { createBatcher, type RunRecord } from './batcher.js';
import { rowsToFeeds } from './feeds.js';
import { mirrorRun } from './mirror.js';
import { layoutOf } from './model-layout.js';
import { createServedVersion, type ServedVersion } from './served-version.js';

/** What the data plane needs to bring a plan's version up; the composition root reads it from the registry. */
export interface VersionLoader {
  load(entry: PlanVersion): Promise<LoadedVersion>;
}

/** A model loaded from verified bytes, with what the registry knows about its inputs. */
export interface LoadedVersion {
  readonly model: LoadedModel;
  /** One name per input column, from registration. */
  readonly featureNames?: readonly string[] | undefined;
  /** Rows to warm the model up with (the reference profile's sample rows). */
  readonly warmupRows: readonly (readonly unknown[])[];
}

export interface HostOptions {
  readonly loader: VersionLoader;
  readonly clock: Clock;
  /** Picks the runs mirrored to a shadow (the plan's mirrorPercent). */
  readonly random: Random;
  readonly maxBatchRows: number;
  readonly maxWaitMs: number;
  /** Requests (and predicted rows) each version remembers for the rollout judge. */
  readonly recorderCapacity: number;
  /** Observes each version's load time and each run (metrics). */
  readonly observer?: HostObserver;
}

export interface HostObserver {
  loaded(entry: PlanVersion, ms: number): void;
  ran(endpoint: string, entry: PlanVersion, rows: number, ms: number): void;
  retired(entry: PlanVersion): void;
}

export interface EndpointState {
  readonly plan: ServingPlan;
  readonly versions: ReadonlyMap<number, ServedVersion>;
  /** Versions that answer clients (not shadows), with cumulative weights for the router's draw. */
  readonly primaries: readonly { readonly served: ServedVersion; readonly upTo: number }[];
  /** The version mirrored requests go to, if any. */
  readonly shadow: ServedVersion | undefined;
}

/**
 * The data plane's routing table. Plans are applied by loading what is new in the background, then
 * swapping the endpoint's entry in one assignment; versions that left the plan retire after their
 * in-flight requests.
 */
export interface ServingHost {
  applyPlan(plan: ServingPlan): Promise<void>;
  remove(endpoint: string): Promise<void>;
  /** The endpoint's current state, 'loading' before its first plan is up, or undefined (hot path: a map lookup). */
  get(endpoint: string): EndpointState | 'loading' | undefined;
  endpoints(): readonly EndpointState[];
  close(): Promise<void>;
}

export function createServingHost(options: HostOptions): ServingHost {
  const table = new Map<string, EndpointState>();
  const loading = new Set<string>();
  const afterRun: AfterRun = (served, run) => mirrorRun(table.get(served.endpoint), served, run, options.random, options.clock);
  const retire = (versions: Iterable<ServedVersion>): void => {
    for (const v of versions) void v.retire().then(() => options.observer?.retired(v.entry));
  };
  return {
    async applyPlan(plan) {
      const current = table.get(plan.endpoint);
      if (current && current.plan.revision >= plan.revision) return;
      if (!current) loading.add(plan.endpoint);
      const versions = await bringUp(plan, current, options, afterRun).finally(() => loading.delete(plan.endpoint));
      // Mirrored requests go to the shadow, or, when a plan mirrors without one, to its canary.
      const shadow = plan.versions.find((e) => e.role === 'shadow') ?? (plan.mirrorPercent > 0 ? plan.versions.find((e) => e.role === 'canary') : undefined);
      table.set(plan.endpoint, { plan, versions, primaries: primariesOf(plan, versions), shadow: shadow && versions.get(shadow.version) });
      if (current) retire([...current.versions].filter(([n, v]) => versions.get(n) !== v).map(([, v]) => v));
    },
    async remove(endpoint) {
      const current = table.get(endpoint);
      table.delete(endpoint);
      if (current) await Promise.all([...current.versions.values()].map((v) => v.retire()));
    },
    get: (endpoint) => table.get(endpoint) ?? (loading.has(endpoint) ? 'loading' : undefined),
    endpoints: () => [...table.values()],
    async close() {
      const all = [...table.values()].flatMap((s) => [...s.versions.values()]);
      table.clear();
      await Promise.all(all.map((v) => v.retire()));
    },
  };
}

function primariesOf(plan: ServingPlan, versions: ReadonlyMap<number, ServedVersion>): EndpointState['primaries'] {
  let upTo = 0;
  // Stable last: a sticky user whose bucket falls under the canary's share stays there while the share only grows.
  const order = (e: PlanVersion): number => (e.role === 'stable' ? 1 : 0);
  return plan.versions
    .filter((e) => (e.role === 'stable' || e.role === 'canary' || e.role === 'arm') && e.weight > 0)
    .sort((a, b) => order(a) - order(b))
    .map((e) => ({ served: versions.get(e.version)!, upTo: (upTo += e.weight) }));
}

/** What happens after each run of a served version besides metrics: mirroring to the endpoint's shadow. */
type AfterRun = (served: ServedVersion, run: RunRecord) => void;

async function bringUp(plan: ServingPlan, current: EndpointState | undefined, options: HostOptions, afterRun: AfterRun): Promise<Map<number, ServedVersion>> {
  const versions = new Map<number, ServedVersion>();
  const fresh: ServedVersion[] = [];
  try {
    for (const entry of plan.versions) {
      const kept = current?.versions.get(entry.version);
      if (kept && kept.entry.digest === entry.digest) {
        versions.set(entry.version, kept);
        continue;
      }
      const served = await loadVersion(plan.endpoint, entry, options, afterRun);
      fresh.push(served);
      versions.set(entry.version, served);
    }
    return versions;
  } catch (e) {
    await Promise.all(fresh.map((v) => v.retire()));
    throw e;
  }
}

async function loadVersion(endpoint: string, entry: PlanVersion, options: HostOptions, afterRun: AfterRun): Promise<ServedVersion> {
  const started = options.clock.monotonic();
  const uri = `models:/${entry.model}/${entry.version}`;
  let model: LoadedModel | undefined;
  try {
    const loaded = await options.loader.load(entry);
    model = loaded.model;
    const layout = layoutOf(loaded.featureNames ? { ...model.signature, featureNames: [...loaded.featureNames] } : model.signature);
    const batcher = createBatcher(model, {
      maxBatchRows: options.maxBatchRows,
      maxWaitMs: options.maxWaitMs,
      clock: options.clock,
      onRun: (run) => {
        options.observer?.ran(endpoint, entry, run.rows, run.ms);
        afterRun(served, run); // runs start with the warm-up below, after `served` exists
      },
    });
    const served = createServedVersion(endpoint, entry, layout, model, batcher, createArmRecorder(options.recorderCapacity));
    await warmUp(served, loaded.warmupRows);
    options.observer?.loaded(entry, options.clock.monotonic() - started);
    return served;
  } catch (e) {
    await model?.dispose().catch(() => undefined);
    const reason = isMpError(e) ? e.message : ((e as Error).message ?? String(e));
    throw mpError('MP_SERVING_LOAD_FAILED', uri, reason);
  }
}

/** Runs sample rows (the reference profile's, else one row of zeros) so the first real request pays no warm-up. */
async function warmUp(served: ServedVersion, rows: readonly (readonly unknown[])[]): Promise<void> {
  const sample = rows.length > 0 && rows.every((r) => r.length === served.layout.width) ? rows : [Array<number>(served.layout.width).fill(0)];
  const feeds = rowsToFeeds(served.layout, sample, 'allow', sample.length);
  const { outputs } = await served.infer(feeds);
  const bad = Object.entries(outputs).find(([, t]) => t.dtype.startsWith('float') && Array.from(t.data as Float32Array).some((v) => Number.isNaN(v)));
  if (bad) throw new Error(`warm-up produced NaN in output '${bad[0]}'`);
}
