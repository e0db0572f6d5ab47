import { approvalStatus } from '../../registry/index.js';
import { verdict, type Gate } from '../gate.js';

/** Required tags and lineage fields are present (non-empty); the version has the required number of approvals. */
export const metadataGate: Gate = {
  name: 'metadata',
  category: 'governance',
  enabled: (policy) => policy.requiredTags !== undefined || policy.requiredLineage !== undefined || policy.approvals !== undefined,
  async check(version, ctx) {
    const { requiredTags = [], requiredLineage = [], approvals } = ctx.policy;
    const missingTags = requiredTags.filter((t) => !version.tags[t]?.trim());
    const missingLineage = requiredLineage.filter((k) => !version.lineage[k]?.trim());
    const status = approvals === undefined ? undefined : approvalStatus({ approvalsRequired: approvals }, version.approvals);
    const problems = [
      missingTags.length ? `missing tag(s) ${missingTags.join(', ')} (add with --tag k=v when registering)` : '',
      missingLineage.length ? `missing lineage field(s) ${missingLineage.join(', ')} (add with --lineage k=v)` : '',
      status && !status.ok ? (status.reason === 'rejected' ? `rejected by ${status.rejectedBy}` : `${status.approvedBy.length} of ${status.required} required approvals`) : '',
    ].filter(Boolean);
    const details = { requiredTags, missingTags, requiredLineage, missingLineage, approvalsRequired: approvals ?? null, approvals: status ?? null };
    if (problems.length > 0) return verdict('Fail', problems.join('; '), { details });
    return verdict('Pass', `${requiredTags.length} tag(s), ${requiredLineage.length} lineage field(s) present${approvals ? `; ${approvals} approval(s)` : ''}`, { details });
  },
};
