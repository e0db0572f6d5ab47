import type { EndpointView } from '../contract/index.js';
import type { ServingHost } from '../serving/index.js';

/** The data plane's view of one endpoint, for the control plane's answers. */
export function liveStatus(host: ServingHost, name: string): Pick<EndpointView, 'state' | 'served'> {
  const state = host.get(name);
  if (state === undefined) return { state: 'not-loaded', served: [] };
  if (state === 'loading') return { state: 'loading', served: [] };
  return { state: 'serving', served: [...state.versions.values()].map((v) => ({ version: v.entry.version, model: v.entry.model, inflight: v.inflight })) };
}
