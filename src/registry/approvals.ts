import type { Approval, GovernancePolicy } from '../contract/index.js';
import { mpError, versionUri, type ModelRef } from '../core/index.js';
import type { ModelVersion } from '../contract/index.js';
import type { Db } from '../store/index.js';
import { mutate, type RegistryContext } from './context.js';
import { modelRow } from './model-read.js';
import { getVersion, resolveRef } from './version-read.js';

/** Whether a version may enter Production or take a protected alias, and why not. */
export type ApprovalStatus =
  | { readonly ok: true; readonly approvedBy: readonly string[] }
  | { readonly ok: false; readonly reason: 'rejected'; readonly rejectedBy: string }
  | { readonly ok: false; readonly reason: 'missing'; readonly approvedBy: readonly string[]; readonly required: number };

/**
 * Each approver's latest decision counts once. An outstanding rejection blocks; otherwise the distinct
 * approvers must reach the policy's number.
 * @example approvalStatus({ approvalsRequired: 2 }, approvals) // { ok: false, reason: 'missing', approvedBy: ['ana'], required: 2 }
 */
export function approvalStatus(policy: GovernancePolicy, approvals: readonly Approval[]): ApprovalStatus {
  const latest = new Map<string, Approval['decision']>();
  for (const a of approvals) latest.set(a.by, a.decision);
  const rejectedBy = [...latest].find(([, d]) => d === 'rejected')?.[0];
  if (rejectedBy !== undefined) return { ok: false, reason: 'rejected', rejectedBy };
  const approvedBy = [...latest.keys()];
  const required = policy.approvalsRequired ?? 0;
  return approvedBy.length >= required ? { ok: true, approvedBy } : { ok: false, reason: 'missing', approvedBy, required };
}

/** Throws the catalog error that explains why `version` may not go to production (`what` names the move). */
export async function assertApproved(db: Db, version: ModelVersion, what: string): Promise<void> {
  const { policy } = await modelRow(db, version.model);
  const status = approvalStatus(policy, version.approvals);
  if (status.ok) return;
  if (status.reason === 'rejected') throw mpError('MP_REGISTRY_REJECTED', version.uri, status.rejectedBy, version.uri, status.rejectedBy);
  throw mpError('MP_REGISTRY_NOT_APPROVED', version.uri, status.approvedBy.length, status.required, ` (needed for ${what})`, version.uri);
}

export interface DecisionInput {
  readonly by: string;
  readonly notes?: string;
}

/** Records an approval or a rejection of a version. */
export async function decide(ctx: RegistryContext, ref: ModelRef, decision: Approval['decision'], input: DecisionInput): Promise<ModelVersion> {
  if (!input.by.trim()) throw mpError('MP_USAGE', 'an approver is required — pass --by <who>');
  if (decision === 'rejected' && !input.notes?.trim()) throw mpError('MP_USAGE', 'a rejection needs a reason — pass --notes "why"');
  const key = await mutate(ctx, async (trx, at) => {
    const key = await resolveRef(trx, ref);
    await trx
      .insertInto('approvals')
      .values({ model: key.name, version: key.version, decision, approver: input.by, notes: input.notes ?? '', at })
      .execute();
    const action = decision === 'approved' ? 'version.approve' : 'version.reject';
    return { result: key, changes: [{ action, subject: versionUri(key.name, key.version), details: { by: input.by, notes: input.notes ?? '' } }] };
  });
  return ctx.store.query((db) => getVersion(db, key));
}
