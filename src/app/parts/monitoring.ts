import type { WindowTraffic } from '../../contract/index.js';
import { versionUri, type Clock, type Random } from '../../core/index.js';
import { createMonitor, type Monitor, type Notifier, type ResolvedMonitorConfig } from '../../monitoring/index.js';
import type { Registry } from '../../registry/index.js';
import type { ArmSource } from '../../rollout/index.js';
import type { Store } from '../../store/index.js';
import { quantiles } from '../../stats/index.js';

export interface MonitoringParts {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly config: ResolvedMonitorConfig;
  readonly registry: Registry;
  readonly arms: ArmSource;
  readonly notifier: Notifier;
  readonly warn: (e: unknown, message: string) => void;
}

/** The production monitor over this process's data plane: reference profiles from the registry, traffic from the recorder. */
export function buildMonitoring(p: MonitoringParts): Monitor {
  return createMonitor({
    store: p.store,
    clock: p.clock,
    random: p.random,
    config: p.config,
    notifier: p.notifier,
    profileOf: (model, version) => p.registry.getProfile(versionUri(model, version)),
    traffic: (endpoint, version, since) => trafficOf(p.arms, endpoint, version, since),
    warn: p.warn,
  });
}

function trafficOf(arms: ArmSource, endpoint: string, version: number, since: number): WindowTraffic | null {
  const w = arms.window(endpoint, version, since);
  if (!w) return null;
  const requests = w.ok + w.errors + w.invalid;
  return {
    requests,
    errors: w.errors,
    invalid: w.invalid,
    errorRate: requests ? w.errors / requests : 0,
    latencyP99Ms: w.latencyMs.length ? quantiles(w.latencyMs, [0.99])[0]! : null,
  };
}

