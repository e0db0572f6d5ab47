import { listAudit } from '../audit/index.js';
import type { AuditEvent, ModelVersion } from '../contract/index.js';
import type { Db } from '../store/index.js';
import { getVersion, type VersionKey } from './version-read.js';

/** Lineage fields shown first, in this order; free keys follow alphabetically. */
export const LINEAGE_FIELDS = [
  'data_sources', 'dataset_version', 'preprocessing', 'framework', 'framework_version',
  'training_duration', 'compute', 'git_commit', 'run_id',
] as const;

export interface LineageView {
  readonly version: ModelVersion;
  /** Lineage fields, known ones first. */
  readonly lineage: readonly { readonly key: string; readonly value: string }[];
  /** Every audit event about this version, oldest first. */
  readonly history: readonly AuditEvent[];
}

/** Where a version came from (its recorded lineage and artifact) and everything that happened to it since. */
export async function lineageOf(db: Db, key: VersionKey): Promise<LineageView> {
  const version = await getVersion(db, key);
  const known = LINEAGE_FIELDS.filter((k) => k in version.lineage);
  const free = Object.keys(version.lineage).filter((k) => !(LINEAGE_FIELDS as readonly string[]).includes(k)).sort();
  const lineage = [...known, ...free].map((k) => ({ key: k, value: version.lineage[k]! }));
  return { version, lineage, history: await listAudit(db, { subject: version.uri, limit: 1000 }) };
}
