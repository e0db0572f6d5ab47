import type { RetentionAction, RetentionKept, RetentionPolicy, RetentionRule, Stage } from '../contract/index.js';

/** What the planner needs to know about one version. */
export interface RetentionCandidate {
  readonly model: string;
  readonly version: number;
  readonly stage: Stage;
  readonly createdAt: string;
  readonly aliases: readonly string[];
  /** The model's governance retention, used when a rule sets no maxAgeDays. */
  readonly modelRetentionDays?: number;
}

export interface RetentionPlan {
  readonly actions: readonly RetentionAction[];
  readonly kept: readonly RetentionKept[];
}

const DAY_MS = 86_400_000;

/**
 * Decides which versions to archive: per model and stage, those beyond the newest `maxVersions` and those
 * older than `maxAgeDays`. A version holding an alias or in Production is never archived; it is listed as kept.
 * @example planRetention(candidates, { rules: [{ stage: 'None', maxVersions: 5 }] }, now)
 */
export function planRetention(candidates: readonly RetentionCandidate[], policy: RetentionPolicy, now: number): RetentionPlan {
  const actions: RetentionAction[] = [];
  const kept: RetentionKept[] = [];
  const inScope = candidates.filter((c) => c.stage !== 'Archived' && (!policy.models || policy.models.includes(c.model)));
  for (const rule of policy.rules) {
    for (const group of groupByModel(inScope.filter((c) => c.stage === rule.stage))) {
      for (const [c, reason] of expired(group, rule, now)) {
        const protection = c.stage === 'Production' ? 'it is in Production' : c.aliases.length ? `it holds @${c.aliases.join(', @')}` : null;
        if (protection) {
          if (!kept.some((k) => k.model === c.model && k.version === c.version)) kept.push({ model: c.model, version: c.version, reason: `${reason}, kept because ${protection}` });
        }
        else if (!actions.some((a) => a.model === c.model && a.version === c.version)) {
          actions.push({ model: c.model, version: c.version, from: c.stage, action: 'archive', reason });
        }
      }
    }
  }
  return { actions, kept };
}

function groupByModel(list: readonly RetentionCandidate[]): RetentionCandidate[][] {
  const groups = new Map<string, RetentionCandidate[]>();
  for (const c of list) groups.set(c.model, [...(groups.get(c.model) ?? []), c]);
  return [...groups.values()].map((g) => g.sort((x, y) => y.version - x.version));
}

function expired(newestFirst: readonly RetentionCandidate[], rule: RetentionRule, now: number): [RetentionCandidate, string][] {
  const out: [RetentionCandidate, string][] = [];
  newestFirst.forEach((c, index) => {
    const maxAge = rule.maxAgeDays ?? c.modelRetentionDays;
    const ageDays = (now - Date.parse(c.createdAt)) / DAY_MS;
    if (rule.maxVersions !== undefined && index >= rule.maxVersions) {
      out.push([c, `${rule.stage} keeps the newest ${rule.maxVersions}; this is #${index + 1}`]);
    } else if (maxAge !== undefined && ageDays > maxAge) {
      out.push([c, `older than ${maxAge} days in ${rule.stage} (${Math.floor(ageDays)} days)`]);
    }
  });
  return out;
}
