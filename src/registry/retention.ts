import type { RetentionPolicy } from '../contract/index.js';
import { versionUri } from '../core/index.js';
import { mutate, type RegistryContext } from './context.js';
import { listModels } from './model-read.js';
import { planRetention, type RetentionCandidate, type RetentionPlan } from './retention-plan.js';
import { moveStage } from './stages.js';

export interface RetentionResult extends RetentionPlan {
  readonly dryRun: boolean;
}

/**
 * Plans retention over the whole registry and, unless `dryRun`, archives in one transaction.
 * The plan is made inside that transaction so it acts on what is there when it commits.
 */
export async function applyRetention(ctx: RegistryContext, policy: RetentionPolicy, options: { dryRun?: boolean } = {}): Promise<RetentionResult> {
  const now = ctx.clock.now();
  if (options.dryRun) {
    const plan = await ctx.store.query(async (db) => planRetention(await candidatesOf(db), policy, now));
    return { ...plan, dryRun: true };
  }
  const plan = await mutate(ctx, async (trx) => {
    const plan = planRetention(await candidatesOf(trx), policy, now);
    for (const a of plan.actions) await moveStage(trx, { name: a.model, version: a.version }, 'Archived');
    const changes = plan.actions.map((a) => ({
      action: 'version.stage',
      subject: versionUri(a.model, a.version),
      details: { from: a.from, to: 'Archived', reason: `retention: ${a.reason}` },
    }));
    return { result: plan, changes };
  });
  return { ...plan, dryRun: false };
}

async function candidatesOf(db: Parameters<typeof listModels>[0]): Promise<RetentionCandidate[]> {
  const models = await listModels(db);
  const retention = new Map(models.map((m) => [m.name, m.policy.retentionDays]));
  const aliases = new Map<string, string[]>();
  for (const m of models) for (const [alias, v] of Object.entries(m.aliases)) aliases.set(`${m.name}/${v}`, [...(aliases.get(`${m.name}/${v}`) ?? []), alias]);
  const rows = await db.selectFrom('model_versions').select(['model', 'version', 'stage', 'created_at']).where('stage', '!=', 'Archived').execute();
  return rows.map((r) => {
    const days = retention.get(r.model);
    return {
      model: r.model,
      version: r.version,
      stage: r.stage as RetentionCandidate['stage'],
      createdAt: r.created_at,
      aliases: aliases.get(`${r.model}/${r.version}`) ?? [],
      ...(days !== undefined ? { modelRetentionDays: days } : {}),
    };
  });
}
