import { verdict, type Gate } from '../gate.js';
import { describeFailures, judge } from '../threshold.js';

/** The metrics registered with the version meet the policy's thresholds (`>=`, `<=`, ranges). */
export const metricsGate: Gate = {
  name: 'metrics',
  category: 'quality',
  enabled: (policy) => Object.keys(policy.metrics ?? {}).length > 0,
  async check(version, ctx) {
    const checks = judge(version.metrics, ctx.policy.metrics ?? {});
    const first = checks.find((c) => !c.ok) ?? checks[0];
    const extra = { ...(first?.value != null ? { score: first.value } : {}), threshold: checks.map((c) => `${c.metric} ${c.threshold}`).join(', '), details: { checks, registered: version.metrics } };
    if (checks.some((c) => !c.ok)) return verdict('Fail', `registered metrics below the bar: ${describeFailures(checks)}`, extra);
    return verdict('Pass', `registered ${checks.map((c) => `${c.metric} ${c.value}`).join(', ')} meet the thresholds`, extra);
  },
};
