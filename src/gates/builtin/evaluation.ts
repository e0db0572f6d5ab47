import type { EvaluationMetric } from '../../contract/index.js';
import { mpError } from '../../core/index.js';
import { section } from '../default-policy.js';
import { verdict, type Gate } from '../gate.js';
import { classificationDetail, metricCI, metricFunctions } from '../metrics/index.js';
import { describeFailures, judge, round } from '../threshold.js';
import { assertClassTargets, assertMetricName, bootstrapSettings, headlineMetric } from './_evaluation-settings.js';

/**
 * Runs the model on the holdout and recomputes its metrics: accuracy, precision, recall, F1 (binary, macro,
 * weighted), ROC AUC, log loss and the confusion matrix for classifiers; RMSE, MAE, R² for regressors. Each judged
 * metric (and the headline one) gets a percentile bootstrap confidence interval. Thresholds judge the estimate.
 */
export const evaluationGate: Gate = {
  name: 'evaluation',
  category: 'quality',
  enabled: (policy) => policy.evaluate !== undefined && policy.evaluate !== false,
  async check(_version, ctx) {
    const holdout = ctx.holdout;
    if (!holdout) throw mpError('MP_GATES_DATA_REQUIRED', 'the evaluation gate');
    const thresholds = section(ctx.policy, 'evaluate') ?? {};
    Object.keys(thresholds).forEach(assertMetricName);
    const p = await ctx.predictions();
    assertClassTargets(holdout, p);
    const fns = metricFunctions(holdout.target, p);
    const metrics = Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, fn()])) as Partial<Record<EvaluationMetric, number>>;
    const bootstrap = bootstrapSettings(ctx.policy, holdout.rows);
    const judged = [...new Set([...(Object.keys(thresholds) as EvaluationMetric[]), headlineMetric(p)])];
    const intervals = Object.fromEntries(judged.filter((m) => fns[m]).map((m) => [m, metricCI(fns[m]!, holdout.rows, bootstrap)]));
    const checks = judge(metrics, thresholds);
    const detail = p.task === 'classification' ? classificationDetail(holdout.target, p) : null;
    const details = { task: p.task, rows: holdout.rows, metrics, intervals, bootstrap, checks, ...(detail ? { confusion: { labels: detail.labels, matrix: detail.matrix }, perClass: detail.scores.perClass } : {}) };
    const lead = checks.find((c) => !c.ok) ?? checks[0];
    const score = lead?.value ?? metrics[headlineMetric(p)];
    const extra = { ...(score != null ? { score } : {}), ...(checks.length ? { threshold: checks.map((c) => `${c.metric} ${c.threshold}`).join(', ') } : {}), details };
    const shown = judged.map((m) => `${m} ${round(metrics[m] ?? Number.NaN)}${intervals[m] ? ` [${round(intervals[m].lower)}, ${round(intervals[m].upper)}]` : ''}`).join(', ');
    if (checks.some((c) => !c.ok)) return verdict('Fail', `on ${holdout.rows} holdout rows: ${describeFailures(checks)}`, extra);
    return verdict('Pass', `on ${holdout.rows} holdout rows: ${shown}${checks.length ? '; all thresholds met' : ' (no thresholds set)'}`, extra);
  },
};
