import { isLive } from '../../core/index.js';
import type { RolloutSnapshot } from '../../contract/index.js';
import { fields, table } from '../output.js';

/** The full status of a rollout: where it stands, the last analysis with the numbers behind each verdict. */
export function showRollout(s: RolloutSnapshot): string {
  const parts = [
    fields([
      ['rollout', `${s.id} (${s.strategy})`],
      ['endpoint', s.endpoint],
      ['phase', s.phase],
      ['step', progressLine(s)],
      ['stable', s.stable ? `models:/${s.stable.model}/${s.stable.version}` : '-'],
      ['target', `models:/${s.target.model}/${s.target.version}`],
      ['message', s.message],
    ]),
  ];
  const report = s.lastReport;
  if (report) {
    parts.push(`analysis at ${report.at}: ${report.outcome}${report.score === null ? '' : `, score ${report.score.toFixed(0)}`} — samples stable ${report.samples.stable}, canary ${report.samples.canary}`);
    parts.push(
      table(
        ['metric', 'verdict', 'stable', 'canary', 'test', 'statistic', 'p', 'interval', 'detail'],
        report.metrics.map((m) => [
          `${m.metric}${m.critical ? '*' : ''}`,
          m.verdict,
          m.stable.value,
          m.canary.value,
          m.test,
          m.statistic,
          m.pValue === null ? null : m.pValue.toPrecision(3),
          m.interval ? `[${m.interval[0].toPrecision(3)}, ${m.interval[1].toPrecision(3)}]` : null,
          m.message,
        ]),
      ),
    );
  }
  return parts.join('\n\n');
}

/** One line: step, weights, samples and verdicts (what `--watch` redraws). */
export function progressLine(s: RolloutSnapshot): string {
  const step = s.steps[s.stepIndex];
  const at = step ? `step ${s.stepIndex + 1}/${s.steps.length} ${step.type}` : `${s.steps.length}/${s.steps.length} steps`;
  const r = s.lastReport;
  const verdicts = r ? ` | ${r.outcome}: ${r.metrics.map((m) => `${m.metric} ${m.verdict}`).join(', ')} | samples ${r.samples.stable}/${r.samples.canary}` : '';
  return `${s.phase} | ${at} | canary ${s.weight}%${s.mirror ? ` mirror ${s.mirror}%` : ''}${verdicts}`;
}

/** Exit code of a finished rollout: 0 promoted, 1 otherwise. */
export function exitCodeOf(s: RolloutSnapshot): number | undefined {
  if (s.phase === 'Succeeded') return 0;
  return isLive(s.phase) ? undefined : 1;
}
