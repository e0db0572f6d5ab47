import type { RolloutSnapshot } from '../contract/index.js';
import { isLive, mpError } from '../core/index.js';
import type { RolloutController } from './controller.js';
import { getEndpoint, type EndpointRecord } from './endpoint-repo.js';
import type { EndpointService } from './endpoint-service.js';
import { latestRollout } from './rollout-repo.js';
import type { Store } from '../store/index.js';

export type RollbackResult = { readonly kind: 'rollout'; readonly rollout: RolloutSnapshot } | { readonly kind: 'deploy'; readonly endpoint: EndpointRecord };

/**
 * `modelpilot rollback <endpoint> [--to v]`: a live rollout is aborted (all traffic back to stable); a promoted
 * one is undone (instant while the previous version is still loaded); `--to` deploys that version of the
 * endpoint's model.
 */
export async function rollback(deps: { store: Store; rollouts: RolloutController; endpoints: EndpointService }, endpoint: string, to: number | undefined, actor: string): Promise<RollbackResult> {
  const latest = await deps.store.query((db) => latestRollout(db, endpoint));
  const s = latest?.snapshot;
  const live = s && isLive(s.phase);
  const undo = s?.phase === 'Succeeded' && s.stable && (to === undefined || to === s.stable.version);
  if (live || undo) return { kind: 'rollout', rollout: await deps.rollouts.signal(endpoint, { type: 'rollback', actor }) };
  if (to === undefined) throw mpError('MP_ROLLBACK_NOTHING', endpoint, endpoint);
  const current = await deps.store.query((db) => getEndpoint(db, endpoint));
  if (!current) throw mpError('MP_ENDPOINT_NOT_FOUND', endpoint);
  const model = current.plan.versions[0]!.model;
  return { kind: 'deploy', endpoint: await deps.endpoints.deploy(endpoint, `models:/${model}/${to}`, actor) };
}
