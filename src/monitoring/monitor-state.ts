import type { AlertState, ReferenceProfile, WindowTraffic } from '../contract/index.js';
import type { Clock, Random } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { ResolvedMonitorConfig } from './alerts/index.js';
import type { Notifier } from './notify/notifier.js';
import type { Track } from './window/track.js';

/** What the monitor needs from the rest of the process. */
export interface MonitorDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly config: ResolvedMonitorConfig;
  readonly notifier: Notifier;
  /** The reference profile a version was registered with (null: none). */
  profileOf(model: string, version: number): Promise<ReferenceProfile | null>;
  /** What the data plane answered for a version since a time, or null when it does not serve it. */
  traffic(endpoint: string, version: number, since: number): WindowTraffic | null;
  warn(e: unknown, message: string): void;
}

/** The monitor's memory: windows per version, labels waiting for their sample, alert states. */
export interface MonitorState {
  readonly deps: MonitorDeps;
  readonly tracks: Map<string, Track>;
  /** endpoint → request id → label. */
  readonly pending: Map<string, Map<string, unknown>>;
  readonly alerts: Map<string, AlertState>;
}

/** Samples are written up to a second after the request (the sampler's batches): windows close this much later. */
export const CLOSE_GRACE_MS = 2_000;
