import { recordAudit, type AuditEntry } from '../audit/index.js';
import type { ServingPlan } from '../contract/index.js';
import type { Db, Store } from '../store/index.js';

/** An endpoint as persisted: its current plan and when it last changed. */
export interface EndpointRecord {
  readonly name: string;
  readonly plan: ServingPlan;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Reads one endpoint, or undefined. */
export async function getEndpoint(db: Db, name: string): Promise<EndpointRecord | undefined> {
  const row = await db.selectFrom('endpoints').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toRecord(row);
}

/** Every endpoint, by name. */
export async function listEndpoints(db: Db): Promise<EndpointRecord[]> {
  const rows = await db.selectFrom('endpoints').selectAll().orderBy('name').execute();
  return rows.map(toRecord);
}

/** Saves a plan (insert or replace), with its audit event when the change is not audited elsewhere, in one transaction. */
export async function savePlan(store: Store, plan: ServingPlan, at: string, audit?: AuditEntry): Promise<void> {
  await store.transaction(async (trx) => {
    await trx
      .insertInto('endpoints')
      .values({ name: plan.endpoint, revision: plan.revision, plan: JSON.stringify(plan), created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ revision: plan.revision, plan: JSON.stringify(plan), updated_at: at }))
      .execute();
    if (audit) await recordAudit(trx, at, [audit]);
  });
}

/** Deletes an endpoint with its audit event. */
export async function deleteEndpoint(store: Store, name: string, at: string, audit: AuditEntry): Promise<void> {
  await store.transaction(async (trx) => {
    await trx.deleteFrom('endpoints').where('name', '=', name).execute();
    await recordAudit(trx, at, [audit]);
  });
}

function toRecord(row: { name: string; plan: string; created_at: string; updated_at: string }): EndpointRecord {
  return { name: row.name, plan: JSON.parse(row.plan) as ServingPlan, createdAt: row.created_at, updatedAt: row.updated_at };
}
