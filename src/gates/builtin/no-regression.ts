import { mpError } from '../../core/index.js';
import { DEFAULT_NO_REGRESSION, section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { lowerIsBetter, metricCI, metricFunctions } from '../metrics/index.js';
import { round } from '../threshold.js';
import { assertClassTargets, bootstrapSettings, headlineMetric } from './_evaluation-settings.js';

/**
 * The version is not worse than another version of the model (default @champion) on the same holdout, within a
 * tolerance. Skipped when there is nothing to compare with (no champion yet, or the version is the champion).
 * The report adds a paired bootstrap interval of the difference.
 */
export const noRegressionGate: Gate = {
  name: 'no-regression',
  category: 'quality',
  enabled: (policy) => typeof policy.noRegression === 'object',
  async check(version, ctx) {
    const holdout = ctx.holdout;
    if (!holdout) throw mpError('MP_GATES_DATA_REQUIRED', 'the no-regression gate');
    const settings = { ...DEFAULT_NO_REGRESSION, ...section(ctx.policy, 'noRegression') };
    const other = await ctx.compareWith(settings.against);
    if (!other) return verdict('Skipped', `nothing to compare with: ${settings.against} does not exist for ${version.model}`, { details: { against: settings.against } });
    if (other.version.version === version.version) return verdict('Skipped', `${version.uri} is ${settings.against} itself`, { details: { against: settings.against } });
    const p = await ctx.predictions();
    assertClassTargets(holdout, p);
    const metric = settings.metric ?? headlineMetric(p);
    const candidate = metricFunctions(holdout.target, p)[metric];
    const baseline = metricFunctions(holdout.target, other.predictions)[metric];
    if (!candidate || !baseline) throw mpError('MP_POLICY_INVALID', 'gate policy', `noRegression.metric '${metric}' does not apply to this ${p.task} model`);
    const [c, b] = [candidate(), baseline()];
    const lower = lowerIsBetter(metric);
    const difference = c - b;
    const ok = lower ? difference <= settings.tolerance : difference >= -settings.tolerance;
    const interval = metricCI((w) => candidate(w) - baseline(w), holdout.rows, bootstrapSettings(ctx.policy, holdout.rows));
    const threshold = lower ? `difference <= +${settings.tolerance}` : `difference >= -${settings.tolerance}`;
    const details = { against: settings.against, baselineUri: other.version.uri, metric, candidate: c, baseline: b, difference, tolerance: settings.tolerance, interval, lowerIsBetter: lower };
    const text = `${metric} ${round(c)} vs ${round(b)} for ${other.version.uri} (${settings.against}): difference ${round(difference)} [${round(interval.lower)}, ${round(interval.upper)}]`;
    return verdict(ok ? 'Pass' : 'Fail', ok ? `${text}, within the tolerance ${settings.tolerance}` : `regression: ${text}, beyond the tolerance ${settings.tolerance}`, { score: difference, threshold, details });
  },
};
