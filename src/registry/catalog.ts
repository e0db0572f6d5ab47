import type { Db } from '../store/index.js';
import { approvalStatus } from './approvals.js';
import { listModels } from './model-read.js';
import { listVersions } from './version-read.js';

/** One row of the catalog: a version with the governance fields of its model. */
export interface CatalogRow {
  readonly model: string;
  readonly version: number;
  readonly uri: string;
  readonly stage: string;
  readonly aliases: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  readonly digest: string;
  readonly primaryMetric: string | null;
  readonly primaryMetricValue: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly approvals: number;
  readonly approvalsRequired: number;
  readonly complianceLevel: string | null;
  readonly dataClassification: string | null;
  readonly retentionDays: number | null;
}

/** Every version of every model, for inventories and compliance reviews. */
export async function catalog(db: Db): Promise<CatalogRow[]> {
  const rows: CatalogRow[] = [];
  for (const model of await listModels(db)) {
    const { policy } = model;
    for (const v of await listVersions(db, model.name)) {
      const status = approvalStatus(policy, v.approvals);
      rows.push({
        model: model.name,
        version: v.version,
        uri: v.uri,
        stage: v.stage,
        aliases: v.aliases,
        createdBy: v.createdBy,
        createdAt: v.createdAt,
        sizeBytes: v.sizeBytes,
        digest: v.digest,
        primaryMetric: policy.primaryMetric ?? null,
        primaryMetricValue: policy.primaryMetric ? (v.metrics[policy.primaryMetric] ?? null) : null,
        metrics: v.metrics,
        approvals: status.ok || status.reason === 'missing' ? status.approvedBy.length : 0,
        approvalsRequired: policy.approvalsRequired ?? 0,
        complianceLevel: policy.complianceLevel ?? null,
        dataClassification: policy.dataClassification ?? null,
        retentionDays: policy.retentionDays ?? null,
      });
    }
  }
  return rows;
}
