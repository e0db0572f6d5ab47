import type { Generated } from 'kysely';

/**
 * Every table, typed for Kysely. Each has one owning module (named per table); only that module writes it.
 * Times are ISO-8601 UTC text; JSON columns are text holding canonical JSON.
 */
export interface Database {
  /** owner: registry/ */
  models: ModelsTable;
  /** owner: registry/ */
  model_versions: ModelVersionsTable;
  /** owner: registry/ */
  aliases: AliasesTable;
  /** owner: registry/ */
  alias_history: AliasHistoryTable;
  /** owner: registry/ */
  approvals: ApprovalsTable;
  /** owner: audit/ */
  audit_events: AuditEventsTable;
  /** owner: audit/ — one row holding the chain head so writers serialize on it */
  audit_head: AuditHeadTable;
  /** owner: rollout/ */
  endpoints: EndpointsTable;
  /** owner: monitoring/ */
  prediction_samples: PredictionSamplesTable;
  /** owner: rollout/ */
  rollouts: RolloutsTable;
  /** owner: monitoring/ — live windows per endpoint version: the sketch (counts) and the computed view */
  monitor_windows: MonitorWindowsTable;
  /** owner: monitoring/ — delayed ground truth by request id; joined = 0 while no sampled prediction matches */
  feedback_labels: FeedbackLabelsTable;
  /** owner: monitoring/ */
  alert_states: AlertStatesTable;
  /** owner: registry/ — validation runs: gates/ produces them, registry/ writes them and reads the latest to guard promotion */
  validations: ValidationsTable;
}

export interface EndpointsTable {
  name: string;
  revision: number;
  plan: string;
  created_at: string;
  updated_at: string;
}

export interface ValidationsTable {
  id: Generated<number>;
  model: string;
  version: number;
  at: string;
  actor: string;
  suite: string;
  outcome: string;
  passed: number;
  failed: number;
  /** The whole run (contract ValidationRun without id, at, actor) as JSON. */
  run: string;
}

export interface PredictionSamplesTable {
  id: Generated<number>;
  endpoint: string;
  model: string;
  version: number;
  request_id: string;
  at: string;
  latency_ms: number;
  inputs: string;
  outputs: string;
}

export interface ModelsTable {
  name: string;
  description: string;
  tags: string;
  policy: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
}

export interface ModelVersionsTable {
  model: string;
  version: number;
  digest: string;
  size_bytes: number | string;
  stage: string;
  description: string;
  created_by: string;
  created_at: string;
  source_file: string;
  signature: string;
  metrics: string;
  params: string;
  tags: string;
  lineage: string;
  profile: string | null;
}

export interface AliasesTable {
  model: string;
  alias: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface AliasHistoryTable {
  id: Generated<number>;
  model: string;
  alias: string;
  from_version: number | null;
  to_version: number | null;
  at: string;
  actor: string;
}

export interface ApprovalsTable {
  id: Generated<number>;
  model: string;
  version: number;
  decision: string;
  approver: string;
  notes: string;
  at: string;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface RolloutsTable {
  id: string;
  endpoint: string;
  phase: string;
  snapshot: string;
  row_version: number;
  created_at: string;
  updated_at: string;
}

export interface MonitorWindowsTable {
  endpoint: string;
  version: number;
  seq: number;
  model: string;
  start_at: string;
  end_at: string;
  /** 0 while the window still takes samples, 1 once closed. */
  closed: number;
  sketch: string;
  view: string;
}

export interface FeedbackLabelsTable {
  endpoint: string;
  request_id: string;
  label: string;
  received_at: string;
  joined: number;
}

export interface AlertStatesTable {
  rule: string;
  endpoint: string;
  version: number;
  /** The contract's AlertState as JSON. */
  state: string;
}
