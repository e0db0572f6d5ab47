import type { ResolvedMonitorConfig } from '../monitoring/index.js';
import type { NonFinitePolicy } from '../serving/index.js';

/** Data-plane settings; every default is named here. */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Largest request body in bytes (413 beyond). */
  readonly bodyLimit: number;
  /** Most rows in one request. */
  readonly maxRows: number;
  readonly nonFinite: NonFinitePolicy;
  readonly maxBatchRows: number;
  /** Longest a request waits for others to share its run when requests arrive densely (0 = never waits). */
  readonly maxBatchWaitMs: number;
  /** Fraction of requests sampled for monitoring. */
  readonly sampleRate: number;
  readonly sampleQueue: number;
  /** Longest a sample waits before it is written (sooner once 64 feature rows are waiting). */
  readonly sampleFlushMs: number;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly drainTimeoutMs: number;
  /** Requests each served version remembers for the rollout judge (bounded rings). */
  readonly recorderCapacity: number;
  /** Windows, drift limits, alert rules and where alerts go (`serve --monitor monitor.yaml`; default: the defaults, no rules). */
  readonly monitor?: ResolvedMonitorConfig;
}

export const DEFAULT_SERVE_OPTIONS: ServeOptions = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  /** 10 MB: about 40,000 rows of 30 features as JSON. */
  bodyLimit: 10 * 1024 * 1024,
  maxRows: 10_000,
  nonFinite: 'reject',
  /** Enough to amortize one onnxruntime call over a burst of single-row requests. */
  maxBatchRows: 256,
  /** Under dense traffic a run waits for the few requests a quarter millisecond brings, never longer than this (serving/linger.ts). */
  maxBatchWaitMs: 1,
  /** 2% of requests: hundreds of samples a minute at modest traffic, while sampling stays a small cost at peak (bench/serve). */
  sampleRate: 0.02,
  sampleQueue: 10_000,
  /** A few writes a second at peak; large samples go sooner (data-plane.ts, flushRows). */
  sampleFlushMs: 200,
  drainTimeoutMs: 30_000,
  /** 65,536 requests per version: about 2.5 MB, several minutes of canary traffic at 10% of 2,000 requests/s. */
  recorderCapacity: 65_536,
});
