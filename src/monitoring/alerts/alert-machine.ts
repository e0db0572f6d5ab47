import type { AlertRule, AlertState, AlertStateName } from '../../contract/index.js';
import { durationMs } from '../../core/index.js';
import { ALERT_DEFAULTS } from './_defaults.js';
import { describeRule, ruleHolds, ruleSubject } from './rule-value.js';

export { ALERT_DEFAULTS } from './_defaults.js';

/** One evaluation of one rule on one closed window of one endpoint version. */
export interface AlertInput {
  readonly rule: AlertRule;
  readonly endpoint: string;
  readonly version: number;
  /** The window's `seq`. */
  readonly window: number;
  /** `ruleValue(rule, window)`: null when the window cannot say. */
  readonly value: number | null;
  /** The same instant twice: ISO for the state, milliseconds for the cooldown arithmetic. */
  readonly now: string;
  readonly nowMs: number;
}

/** A state change, for the audit trail; `notify` says whether people should hear about it. */
export interface AlertChange {
  readonly from: AlertStateName;
  readonly to: AlertStateName;
  readonly notify: boolean;
  /** Set when a firing was not notified because the last firing notification is younger than the cooldown. */
  readonly suppressedBy?: 'cooldown';
}

/** The next state, and the change when the state name changed (null otherwise). */
export interface AlertStep {
  readonly state: AlertState;
  readonly change: AlertChange | null;
}

type Notice = Pick<AlertChange, 'notify' | 'suppressedBy'>;

/**
 * The state of a rule that has seen no window with data yet.
 * @example initialAlertState(rule, 'fraud', 2, '2025-01-01T00:00:00.000Z').state // 'inactive'
 */
export function initialAlertState(rule: AlertRule, endpoint: string, version: number, now: string): AlertState {
  const severity = rule.severity ?? 'warning';
  const message = `${describeRule(rule)}: no window with data yet`;
  return { rule: rule.name, endpoint, version, state: 'inactive', severity, streak: 0, value: null, window: null, since: now, lastNotifiedAt: null, message };
}

/**
 * Advances one rule's alert by one closed window, Prometheus-style but counted in windows:
 * inactive → pending (condition held for fewer than `for` windows) → firing → resolved, and pending → inactive.
 * A null value (the window cannot say) changes nothing. While firing, further windows only update the numbers
 * (no second notification). A firing notifies unless the last *firing* notification (`lastNotifiedAt`, which
 * only firings set) is younger than the cooldown; a resolution notifies exactly when the firing it ends was
 * notified (`lastNotifiedAt` ≥ that firing's `since`), so people never hear "resolved" for an alert they
 * never heard about.
 * @example
 * const { state, change } = stepAlert(undefined, { rule, endpoint: 'fraud', version: 2, window: 17, value: 0.31, now, nowMs });
 * // with rule { metric: 'featurePsi', op: '>', threshold: 0.2 }: state.state 'firing', change { from: 'inactive', to: 'firing', notify: true }
 */
export function stepAlert(prev: AlertState | undefined, input: AlertInput): AlertStep {
  const from = prev ?? initialAlertState(input.rule, input.endpoint, input.version, input.now);
  if (input.value === null) return { state: from, change: null };
  const holds = ruleHolds(input.rule, input.value);
  const streak = holds ? from.streak + 1 : 0;
  const to = nextStateName(from.state, holds, streak >= (input.rule.for ?? ALERT_DEFAULTS.for));
  const notice = to === from.state ? null : noticeOf(from, to, input);
  const state: AlertState = {
    ...from,
    state: to,
    severity: input.rule.severity ?? 'warning',
    streak,
    value: input.value,
    window: input.window,
    since: notice ? input.now : from.since,
    lastNotifiedAt: to === 'firing' && notice?.notify ? input.now : from.lastNotifiedAt,
    message: alertMessage(input, to, streak),
  };
  return { state, change: notice && { from: from.state, to, ...notice } };
}

function nextStateName(state: AlertStateName, holds: boolean, due: boolean): AlertStateName {
  if (holds) return due || state === 'firing' ? 'firing' : 'pending';
  if (state === 'firing') return 'resolved';
  return state === 'pending' ? 'inactive' : state;
}

function noticeOf(from: AlertState, to: AlertStateName, input: AlertInput): Notice {
  if (to === 'resolved') return { notify: from.lastNotifiedAt !== null && Date.parse(from.lastNotifiedAt) >= Date.parse(from.since) };
  if (to !== 'firing') return { notify: false };
  const quiet = from.lastNotifiedAt !== null && input.nowMs - Date.parse(from.lastNotifiedAt) < cooldownMs(input.rule);
  return quiet ? { notify: false, suppressedBy: 'cooldown' } : { notify: true };
}

function cooldownMs(rule: AlertRule): number {
  return (rule.cooldown === undefined ? undefined : durationMs(rule.cooldown)) ?? ALERT_DEFAULTS.cooldownMs;
}

/** E.g. "featurePsi(carat) = 0.31 > 0.2 for 3 windows (v2 of fraud, window 17)". */
function alertMessage(input: AlertInput, to: AlertStateName, streak: number): string {
  const { rule, value } = input;
  const head = `${ruleSubject(rule)} = ${formatValue(value ?? Number.NaN)}`;
  const where = `(v${input.version} of ${input.endpoint}, window ${input.window})`;
  if (streak === 0) return `${head}, not ${rule.op} ${rule.threshold} ${where}`;
  const windows = to === 'pending' ? `${streak} of ${rule.for ?? ALERT_DEFAULTS.for} windows` : `${streak} window${streak === 1 ? '' : 's'}`;
  return `${head} ${rule.op} ${rule.threshold} for ${windows} ${where}`;
}

/** Three significant digits read well for PSI, rates and scores; big numbers (latency in ms) as integers. */
function formatValue(v: number): string {
  return Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
}
