import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/index.js';
import type { Monitor, Notifier } from '../../monitoring/index.js';
import type { Registry } from '../../registry/index.js';
import { createEndpointService, createRolloutController, createRolloutEvents, createSerializer, rollback, type EndpointService, type RollbackResult, type RolloutController, type RolloutEvents } from '../../rollout/index.js';
import { createLocalRuntime } from '../../runtimes/index.js';
import type { ServingHost } from '../../serving/index.js';
import type { Store } from '../../store/index.js';
import { hostArmSource, httpSmokeTester, monitoredArmSource } from '../rollout-ports.js';

export interface ControlPlane {
  readonly endpoints: EndpointService;
  readonly rollouts: RolloutController;
  readonly rollback: (endpoint: string, to: number | undefined, actor: string) => Promise<RollbackResult>;
  readonly events: RolloutEvents;
}

export interface ControlPlaneParts {
  readonly store: Store;
  readonly registryAs: (actor: string) => Registry;
  readonly host: ServingHost;
  readonly clock: Clock;
  /** This server's own address once it listens (smoke tests go through it). */
  readonly baseUrl: () => string | undefined;
  readonly notifier: Notifier;
  readonly monitor: Monitor;
}

/** Endpoints and rollouts, sharing one serializer so changes to an endpoint never interleave. */
export function buildControlPlane(p: ControlPlaneParts): ControlPlane {
  const serializer = createSerializer();
  const applier = createLocalRuntime(p.host);
  const registry = p.registryAs('modelpilot');
  const events = createRolloutEvents();
  const endpoints = createEndpointService({ store: p.store, registry, applier, clock: p.clock, serializer });
  const rollouts = createRolloutController({
    store: p.store,
    registryAs: p.registryAs,
    applier,
    arms: monitoredArmSource(hostArmSource(p.host), p.monitor),
    smoke: httpSmokeTester(registry, p.baseUrl),
    notifier: p.notifier,
    clock: p.clock,
    serializer,
    newId: () => `ro-${p.clock.now().toString(36)}-${randomBytes(3).toString('hex')}`,
    events,
  });
  return { endpoints, rollouts, events, rollback: (endpoint, to, actor) => rollback({ store: p.store, rollouts, endpoints }, endpoint, to, actor) };
}
