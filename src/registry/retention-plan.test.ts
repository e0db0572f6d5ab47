import { describe, expect, it } from 'vitest';
import type { RetentionPolicy, Stage } from '../contract/index.js';
import { isoTime } from '../core/index.js';
import { planRetention, type RetentionCandidate } from './retention-plan.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);

/** A candidate `ageDays` old at NOW. */
function v(model: string, version: number, stage: Stage, ageDays: number, extra: { aliases?: string[]; retentionDays?: number } = {}): RetentionCandidate {
  return {
    model,
    version,
    stage,
    createdAt: isoTime(NOW - ageDays * DAY),
    aliases: extra.aliases ?? [],
    ...(extra.retentionDays !== undefined ? { modelRetentionDays: extra.retentionDays } : {}),
  };
}

/** Five None versions of `fraud`, one a day, v5 newest. */
const fiveNone = [1, 2, 3, 4, 5].map((n) => v('fraud', n, 'None', 6 - n));

interface Case {
  readonly name: string;
  readonly candidates: readonly RetentionCandidate[];
  readonly policy: RetentionPolicy;
  /** `model/version` archived, in any order. */
  readonly archived: readonly string[];
  /** `model/version` kept (protected), in any order. */
  readonly kept?: readonly string[];
  /** Exact reasons, by `model/version`. */
  readonly reasons?: Readonly<Record<string, string>>;
}

const cases: Case[] = [
  {
    name: 'maxVersions keeps the newest N per model and stage',
    candidates: fiveNone,
    policy: { rules: [{ stage: 'None', maxVersions: 2 }] },
    archived: ['fraud/1', 'fraud/2', 'fraud/3'],
    reasons: { 'fraud/3': 'None keeps the newest 2; this is #3', 'fraud/1': 'None keeps the newest 2; this is #5' },
  },
  {
    name: 'maxVersions ranks by version number, not by input order',
    candidates: [...fiveNone].reverse(),
    policy: { rules: [{ stage: 'None', maxVersions: 4 }] },
    archived: ['fraud/1'],
  },
  {
    name: 'maxVersions 0 archives every version of the stage',
    candidates: fiveNone,
    policy: { rules: [{ stage: 'None', maxVersions: 0 }] },
    archived: ['fraud/1', 'fraud/2', 'fraud/3', 'fraud/4', 'fraud/5'],
  },
  {
    name: 'maxVersions at or above the count archives nothing',
    candidates: fiveNone,
    policy: { rules: [{ stage: 'None', maxVersions: 5 }] },
    archived: [],
  },
  {
    name: 'maxVersions counts each model separately',
    candidates: [v('a', 1, 'None', 3), v('a', 2, 'None', 2), v('b', 1, 'None', 3), v('b', 7, 'None', 1), v('b', 9, 'None', 0)],
    policy: { rules: [{ stage: 'None', maxVersions: 1 }] },
    archived: ['a/1', 'b/1', 'b/7'],
  },
  {
    name: 'maxVersions counts only the rule’s stage',
    candidates: [v('m', 1, 'Staging', 9), v('m', 2, 'None', 8), v('m', 3, 'Staging', 7), v('m', 4, 'None', 6), v('m', 5, 'Production', 5)],
    policy: { rules: [{ stage: 'Staging', maxVersions: 1 }] },
    archived: ['m/1'],
  },
  {
    name: 'maxAgeDays archives versions strictly older than the limit',
    candidates: [v('m', 1, 'None', 91), v('m', 2, 'None', 90), v('m', 3, 'None', 89.9), v('m', 4, 'None', 0)],
    policy: { rules: [{ stage: 'None', maxAgeDays: 90 }] },
    archived: ['m/1'],
    reasons: { 'm/1': 'older than 90 days in None (91 days)' },
  },
  {
    name: 'a rule without maxAgeDays falls back to the model’s retentionDays',
    candidates: [v('m', 1, 'Staging', 40, { retentionDays: 30 }), v('m', 2, 'Staging', 20, { retentionDays: 30 }), v('n', 1, 'Staging', 400)],
    policy: { rules: [{ stage: 'Staging' }] },
    archived: ['m/1'],
    reasons: { 'm/1': 'older than 30 days in Staging (40 days)' },
  },
  {
    name: 'a rule’s maxAgeDays wins over the model’s retentionDays',
    candidates: [v('m', 1, 'None', 40, { retentionDays: 30 }), v('m', 2, 'None', 10, { retentionDays: 365 })],
    policy: { rules: [{ stage: 'None', maxAgeDays: 5 }] },
    archived: ['m/1', 'm/2'],
    reasons: { 'm/2': 'older than 5 days in None (10 days)' },
  },
  {
    name: 'no maxVersions, no maxAgeDays and no retentionDays: nothing to do',
    candidates: fiveNone,
    policy: { rules: [{ stage: 'None' }] },
    archived: [],
  },
  {
    name: 'maxVersions and maxAgeDays in one rule: either expires a version, counted once',
    candidates: [v('m', 1, 'None', 100), v('m', 2, 'None', 100), v('m', 3, 'None', 1), v('m', 4, 'None', 0)],
    policy: { rules: [{ stage: 'None', maxVersions: 3, maxAgeDays: 50 }] },
    archived: ['m/1', 'm/2'],
    reasons: { 'm/1': 'None keeps the newest 3; this is #4', 'm/2': 'older than 50 days in None (100 days)' },
  },
  {
    name: 'a version hit by two rules is archived once, with the first rule’s reason',
    candidates: [v('m', 1, 'None', 100), v('m', 2, 'None', 0)],
    policy: { rules: [{ stage: 'None', maxVersions: 1 }, { stage: 'None', maxAgeDays: 10 }] },
    archived: ['m/1'],
    reasons: { 'm/1': 'None keeps the newest 1; this is #2' },
  },
  {
    name: 'an alias holder is kept, with the aliases in the reason, and still counts toward maxVersions',
    candidates: [v('m', 1, 'None', 5), v('m', 2, 'None', 4, { aliases: ['champion', 'b'] }), v('m', 3, 'None', 3)],
    policy: { rules: [{ stage: 'None', maxVersions: 1 }] },
    archived: ['m/1'],
    kept: ['m/2'],
    reasons: { 'm/2': 'None keeps the newest 1; this is #2, kept because it holds @champion, @b' },
  },
  {
    name: 'Production is kept with its reason',
    candidates: [v('m', 1, 'Production', 500), v('m', 2, 'Production', 1)],
    policy: { rules: [{ stage: 'Production', maxVersions: 1, maxAgeDays: 30 }] },
    archived: [],
    kept: ['m/1'],
    reasons: { 'm/1': 'Production keeps the newest 1; this is #2, kept because it is in Production' },
  },
  {
    name: 'an old alias holder is kept against maxAgeDays too',
    candidates: [v('m', 1, 'Staging', 100, { aliases: ['challenger'] })],
    policy: { rules: [{ stage: 'Staging', maxAgeDays: 30 }] },
    archived: [],
    kept: ['m/1'],
    reasons: { 'm/1': 'older than 30 days in Staging (100 days), kept because it holds @challenger' },
  },
  {
    name: 'the models filter limits the plan to the listed models',
    candidates: [v('a', 1, 'None', 1), v('a', 2, 'None', 0), v('b', 1, 'None', 1), v('b', 2, 'None', 0), v('c', 1, 'None', 1), v('c', 2, 'None', 0)],
    policy: { models: ['a', 'c', 'not-there'], rules: [{ stage: 'None', maxVersions: 1 }] },
    archived: ['a/1', 'c/1'],
  },
  {
    name: 'Archived versions do not count toward another stage’s maxVersions',
    candidates: [v('m', 1, 'Archived', 500), v('m', 2, 'Archived', 400), v('m', 3, 'None', 300), v('m', 4, 'Archived', 1)],
    policy: { rules: [{ stage: 'None', maxVersions: 1, maxAgeDays: 1000 }] },
    archived: [],
  },
  {
    name: 'Archived versions are never archived again, even by a rule naming the Archived stage (a policy the schema would refuse)',
    candidates: [v('m', 1, 'Archived', 500), v('m', 2, 'Archived', 400), v('m', 3, 'None', 0)],
    policy: { rules: [{ stage: 'Archived', maxVersions: 0, maxAgeDays: 1 }] } as unknown as RetentionPolicy,
    archived: [],
  },
  {
    name: 'an empty registry gives an empty plan',
    candidates: [],
    policy: { rules: [{ stage: 'None', maxVersions: 0 }] },
    archived: [],
  },
];

const key = (x: { model: string; version: number }): string => `${x.model}/${x.version}`;

describe('planRetention', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { candidates, policy, archived, kept = [], reasons = {} }) => {
    const plan = planRetention(candidates, policy, NOW);
    expect(plan.actions.map(key).sort()).toEqual([...archived].sort());
    expect(plan.kept.map(key).sort()).toEqual([...kept].sort());
    for (const a of plan.actions) {
      expect(a.action).toBe('archive');
      expect(a.from).toBe(candidates.find((c) => key(c) === key(a))?.stage);
    }
    for (const [k, reason] of Object.entries(reasons)) {
      const found = [...plan.actions, ...plan.kept].filter((x) => key(x) === k).map((x) => x.reason);
      expect(found, k).toEqual([reason]);
    }
  });

  it('lists a protected version hit by two rules once under kept', () => {
    const candidates = [v('m', 1, 'None', 100, { aliases: ['champion'] }), v('m', 2, 'None', 0)];
    const plan = planRetention(candidates, { rules: [{ stage: 'None', maxVersions: 1 }, { stage: 'None', maxAgeDays: 10 }] }, NOW);
    expect(plan.actions).toEqual([]);
    expect(plan.kept.map(key)).toEqual(['m/1']);
  });

  it('does not change its input', () => {
    const candidates = [...fiveNone].reverse();
    const copy = structuredClone(candidates);
    planRetention(candidates, { rules: [{ stage: 'None', maxVersions: 1 }] }, NOW);
    expect(candidates).toEqual(copy);
  });
});
