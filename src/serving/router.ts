import { mpError, type Random } from '../core/index.js';
import type { EndpointState } from './serving-host.js';
import type { ServedVersion } from './served-version.js';

/**
 * Picks the version that answers a request: the pinned one when the URL names a version, else a weighted
 * draw over the primary roles (stable, canary, arm). Shadows never answer a client.
 * @example route(state, undefined, random).entry.version
 */
export function route(state: EndpointState, pinned: number | undefined, random: Random): ServedVersion {
  if (pinned !== undefined) {
    const v = state.versions.get(pinned);
    if (!v) throw mpError('MP_SERVING_VERSION_NOT_FOUND', pinned, state.plan.endpoint, state.plan.endpoint);
    return v;
  }
  const { primaries } = state;
  if (primaries.length === 1) return primaries[0]!.served;
  const draw = random.next() * primaries[primaries.length - 1]!.upTo;
  return (primaries.find((p) => draw < p.upTo) ?? primaries[primaries.length - 1]!).served;
}
