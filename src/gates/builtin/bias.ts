import { mpError } from '../../core/index.js';
import { section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { fairnessSummary, groupRates } from '../metrics/index.js';
import { round } from '../threshold.js';
import { assertClassTargets } from './_evaluation-settings.js';

/**
 * Group fairness for a protected-attribute column of the holdout: per group accuracy, selection rate, TPR and FPR;
 * between groups the accuracy gap, demographic parity difference, equalized odds difference and disparate impact
 * ratio. The limit is the user's: without `max` or `min` the numbers are reported (Warn), never judged silently.
 */
export const biasGate: Gate = {
  name: 'bias',
  category: 'bias',
  enabled: (policy) => policy.bias !== undefined,
  async check(_version, ctx) {
    const settings = section(ctx.policy, 'bias')!;
    const holdout = ctx.holdout;
    if (!holdout) throw mpError('MP_GATES_DATA_REQUIRED', 'the bias gate');
    const groups = holdout.column(settings.attribute);
    if (!groups) throw mpError('MP_GATES_DATA_INVALID', holdout.source, `has no protected-attribute column '${settings.attribute}'; its columns are ${holdout.header.join(', ')}`);
    const p = await ctx.predictions();
    if (p.task !== 'classification' || !p.labels) throw mpError('MP_INPUT_INVALID', 'the bias gate needs a classifier (group rates compare predicted labels)');
    assertClassTargets(holdout, p);
    const positiveClass = settings.positiveClass ?? 1;
    const rates = groupRates(holdout.target, p.labels, groups, positiveClass);
    const summary = fairnessSummary(rates);
    const value = summary[settings.metric];
    const limit = settings.max !== undefined ? `<= ${settings.max}` : settings.min !== undefined ? `>= ${settings.min}` : undefined;
    const details = { attribute: settings.attribute, positiveClass, metric: settings.metric, max: settings.max ?? null, min: settings.min ?? null, groups: rates, summary };
    const text = `${settings.metric} ${round(value)} over ${rates.length} groups of '${settings.attribute}'`;
    if (Number.isNaN(value)) return verdict('Error', `${settings.metric} is not defined: fewer than two groups of '${settings.attribute}' have the rows it needs`, { details });
    if (!limit) return verdict('Warn', `${text} — reported, not judged: set bias.max or bias.min in the policy`, { score: value, details });
    const ok = (settings.max === undefined || value <= settings.max) && (settings.min === undefined || value >= settings.min);
    return verdict(ok ? 'Pass' : 'Fail', ok ? `${text}, within ${limit}` : `${text}, beyond the limit ${limit}`, { score: value, threshold: limit, details });
  },
};
