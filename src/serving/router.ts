import { mpError, type Random } from '../core/index.js';
import type { EndpointState } from './serving-host.js';
import type { ServedVersion } from './served-version.js';

/** What a request says about where it should go. */
export interface RouteHints {
  /** A version named by the URL or the pin header (smoke tests). */
  readonly pinned: number | undefined;
  /** The sticky key's value (a user id), when the plan routes by one. */
  readonly stickyValue: string | undefined;
}

/**
 * Picks the version that answers a request: the pinned one, else the sticky user's bucket, else a
 * weighted draw over the primary roles (canary, arm, stable). Shadows and standbys never answer a client.
 * @example route(state, { pinned: undefined, stickyValue: 'user-42' }, random).entry.version
 */
export function route(state: EndpointState, hints: RouteHints, random: Random): ServedVersion {
  if (hints.pinned !== undefined) {
    const v = state.versions.get(hints.pinned);
    if (!v) throw mpError('MP_SERVING_VERSION_NOT_FOUND', hints.pinned, state.plan.endpoint, state.plan.endpoint);
    return v;
  }
  const { primaries } = state;
  if (primaries.length === 1) return primaries[0]!.served;
  const total = primaries[primaries.length - 1]!.upTo;
  const point = hints.stickyValue === undefined ? random.next() * total : (bucketOf(hints.stickyValue) / 10_000) * total;
  return (primaries.find((p) => point < p.upTo) ?? primaries[primaries.length - 1]!).served;
}

/**
 * A stable bucket in [0, 10000) for a sticky key (FNV-1a), the same in every process and restart.
 * @example bucketOf('user-42') // always the same number
 */
export function bucketOf(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 10_000;
}

/** The sticky value from a request, per the plan's `stickyKey` (`header:x-user-id` or `cookie:uid`). */
export function stickyValueOf(stickyKey: string | undefined, headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  if (!stickyKey) return undefined;
  const [kind, name] = parsedKey(stickyKey);
  if (kind === 'header') return first(headers[name]);
  const cookies = first(headers['cookie']);
  const match = cookies?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === name);
  return match?.[1];
}

// A plan's sticky key, split once: every request of a sticky rollout reads it.
const PARSED_KEYS = new Map<string, readonly [string, string]>();

function parsedKey(stickyKey: string): readonly [string, string] {
  let parsed = PARSED_KEYS.get(stickyKey);
  if (!parsed) {
    const [kind, name = ''] = stickyKey.split(':', 2) as [string, string?];
    parsed = [kind, kind === 'header' ? name.toLowerCase() : name];
    if (PARSED_KEYS.size < 1_000) PARSED_KEYS.set(stickyKey, parsed);
  }
  return parsed;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
