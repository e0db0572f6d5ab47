import { ALERT_METRICS, ALERT_SEVERITIES, type MonitorConfig } from '../../contract/index.js';
import { durationMs } from '../../core/index.js';

const OPS = ['>', '>=', '<', '<='];
const NOTIFY_FORMATS = ['json', 'slack'];
const FEATURE_METRICS = ['featurePsi', 'featureJs'];
const DURATION_HINT = 'a duration like 90s, 10m, 1h, 7d or a number of seconds';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const ruleLabel = (r: Raw, i: number): string => (typeof r.name === 'string' ? `rule '${r.name}'` : `rule #${i + 1}`);

/**
 * Problems the schema reports badly (a value outside a list of literals, a malformed duration), found on the raw
 * parsed value so that the message names the value and the choices.
 */
export function rawProblems(value: unknown): string[] {
  if (!isObject(value)) return [];
  const window = isObject(value.window) ? value.window : {};
  const rules = Array.isArray(value.rules) ? value.rules.filter(isObject) : [];
  const notify = Array.isArray(value.notify) ? value.notify.filter(isObject) : [];
  return [
    ...durationProblem('window.duration', window.duration),
    ...durationProblem('retention', value.retention),
    ...rules.flatMap((r, i) => ruleProblems(r, ruleLabel(r, i))),
    ...notify.flatMap((n, i) => choiceProblem(`notify #${i + 1}: format`, n.format, NOTIFY_FORMATS)),
  ];
}

function ruleProblems(r: Raw, label: string): string[] {
  return [
    ...choiceProblem(`${label}: metric`, r.metric, ALERT_METRICS),
    ...choiceProblem(`${label}: op`, r.op, OPS),
    ...choiceProblem(`${label}: severity`, r.severity, ALERT_SEVERITIES),
    ...durationProblem(`${label}: cooldown`, r.cooldown),
  ];
}

function choiceProblem(what: string, v: unknown, choices: readonly string[]): string[] {
  if (v === undefined || (typeof v === 'string' && choices.includes(v))) return [];
  return [`${what} ${quote(v)} is not one of ${choices.join(', ')}`];
}

function durationProblem(what: string, v: unknown): string[] {
  if (v === undefined) return [];
  const ok = (typeof v === 'string' || typeof v === 'number') && durationMs(v) !== undefined;
  return ok ? [] : [`${what} ${quote(v)} is not ${DURATION_HINT}`];
}

/** What the schema cannot say: rule names repeat, a feature on a metric without features, a zero-length window. */
export function meaningProblems(config: MonitorConfig): string[] {
  const rules = config.rules ?? [];
  const seen = new Set<string>();
  const repeated = rules.filter((r) => seen.size === seen.add(r.name).size).map((r) => `rule name '${r.name}' is used more than once — rule names must be unique`);
  const feature = rules
    .filter((r) => r.feature !== undefined && !FEATURE_METRICS.includes(r.metric))
    .map((r) => `rule '${r.name}': feature is only for ${FEATURE_METRICS.join(' and ')}, not ${r.metric}`);
  const duration = config.window?.duration;
  const empty = duration !== undefined && durationMs(duration) === 0 ? ['window.duration must be longer than 0'] : [];
  return [...new Set(repeated), ...feature, ...empty];
}
