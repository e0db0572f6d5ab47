import type { AlertRule, AlertState, MonitorWindow } from '../contract/index.js';
import { LABEL_METRICS } from '../contract/index.js';
import type { AuditEntry } from '../audit/index.js';
import { ruleValue, stepAlert } from './alerts/index.js';
import type { Notification } from './notify/notifier.js';

/** What evaluating rules on a window produced: states to save, audit entries, notifications to send. */
export interface AlertOutcome {
  readonly states: AlertState[];
  readonly audits: AuditEntry[];
  readonly notifications: Notification[];
}

export const alertKey = (rule: string, endpoint: string, version: number): string => `${rule}\u0000${endpoint}\u0000${version}`;
const isLabelRule = (r: AlertRule): boolean => LABEL_METRICS.includes(r.metric);

/**
 * Steps every rule that applies to the window (its endpoint; `labels` picks the label-metric rules, which wait for
 * their window to gather enough labels, else the others), updating `states` in place.
 */
export function evaluateWindow(rules: readonly AlertRule[], states: Map<string, AlertState>, view: MonitorWindow, labels: boolean, nowMs: number): AlertOutcome {
  const out: AlertOutcome = { states: [], audits: [], notifications: [] };
  const now = new Date(nowMs).toISOString();
  for (const rule of rules) {
    if ((rule.endpoint !== undefined && rule.endpoint !== view.endpoint) || isLabelRule(rule) !== labels) continue;
    const key = alertKey(rule.name, view.endpoint, view.version);
    const prev = states.get(key);
    if (labels && prev?.window != null && prev.window >= view.seq) continue;
    const value = ruleValue(rule, view);
    if (labels && value === null) continue;
    const { state, change } = stepAlert(prev, { rule, endpoint: view.endpoint, version: view.version, window: view.seq, value, now, nowMs });
    if (state === prev) continue;
    states.set(key, state);
    out.states.push(state);
    if (!change) continue;
    const details = { rule: rule.name, version: view.version, window: view.seq, from: change.from, to: change.to, value, threshold: rule.threshold, severity: state.severity, notified: change.notify, ...(change.suppressedBy ? { suppressedBy: change.suppressedBy } : {}) };
    out.audits.push({ actor: 'monitor', action: `alert.${change.to}`, subject: `endpoints:/${view.endpoint}`, details });
    if (change.notify) out.notifications.push({ kind: `alert.${change.to}`, subject: `endpoints:/${view.endpoint}`, message: state.message, at: now, details });
  }
  return out;
}
