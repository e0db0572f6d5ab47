import { parse } from 'yaml';
import { checkValue } from '../../contract/index.js';
import { MonitorConfig, type AlertRule, type AlertSeverity } from '../../contract/index.js';
import { durationMs, mpError } from '../../core/index.js';
import { ALERT_DEFAULTS, MONITOR_DEFAULTS } from './_defaults.js';
import { meaningProblems, rawProblems } from './_config-problems.js';

/** An alert rule with every default filled in; `cooldownMs` is its cooldown in milliseconds. */
export type ResolvedAlertRule = Omit<AlertRule, 'for' | 'severity' | 'minLabels'> & {
  readonly for: number;
  readonly severity: AlertSeverity;
  readonly cooldownMs: number;
  readonly minLabels: number;
};

/** The monitoring file with every default filled in and every duration in milliseconds (deep-frozen). */
export interface ResolvedMonitorConfig {
  readonly window: { readonly durationMs: number; readonly rows: number | null };
  readonly minRows: number;
  readonly drift: { readonly pValue: number; readonly psi: number; readonly share: number; readonly test: 'chi-square' | 'ks' };
  readonly retentionMs: number;
  readonly rules: readonly ResolvedAlertRule[];
  readonly notify: readonly { readonly url: string; readonly format?: 'json' | 'slack' }[];
}

/**
 * Parses a monitoring file (YAML or JSON; an empty file means every default) and checks it: the schema, plus
 * unique rule names, `feature` only on featurePsi / featureJs, and durations that parse. A bad file throws
 * MP_POLICY_INVALID naming every problem found.
 * @example const config = parseMonitorConfig(await readFile('monitor.yaml', 'utf8'), 'file monitor.yaml');
 */
export function parseMonitorConfig(text: string, source: string): MonitorConfig {
  const value = parseText(text, source) ?? {};
  const raw = rawProblems(value);
  if (raw.length > 0) throw invalid(source, raw);
  const checked = checkValue(MonitorConfig, value);
  if (!checked.ok) throw invalid(source, checked.problems);
  const meaning = meaningProblems(checked.value);
  if (meaning.length > 0) throw invalid(source, meaning);
  return checked.value;
}

function parseText(text: string, source: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (e) {
    throw invalid(source, [`not YAML or JSON (${((e as Error).message ?? '').split('\n')[0]})`]);
  }
}

const invalid = (source: string, problems: readonly string[]) => mpError('MP_POLICY_INVALID', source, [...new Set(problems)].join('; '));

/**
 * Fills every default of a parsed monitoring file (see MONITOR_DEFAULTS and ALERT_DEFAULTS).
 * @example resolveMonitorConfig({}).window // { durationMs: 60000, rows: null }
 */
export function resolveMonitorConfig(config: MonitorConfig): ResolvedMonitorConfig {
  const d = MONITOR_DEFAULTS;
  return deepFreeze({
    window: { durationMs: toMs(config.window?.duration, d.windowMs), rows: config.window?.rows ?? null },
    minRows: config.minRows ?? d.minRows,
    drift: { ...d.drift, ...config.drift },
    retentionMs: toMs(config.retention, d.retentionMs),
    rules: (config.rules ?? []).map(resolveRule),
    notify: (config.notify ?? []).map((n) => ({ ...n })),
  });
}

function resolveRule(rule: AlertRule): ResolvedAlertRule {
  return {
    ...rule,
    for: rule.for ?? ALERT_DEFAULTS.for,
    severity: rule.severity ?? 'warning',
    cooldownMs: toMs(rule.cooldown, ALERT_DEFAULTS.cooldownMs),
    minLabels: rule.minLabels ?? ALERT_DEFAULTS.minLabels,
  };
}

function toMs(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = durationMs(value);
  if (ms === undefined) throw mpError('MP_POLICY_INVALID', 'the monitoring config', `'${value}' is not a duration like 90s, 10m, 1h or 7d`);
  return ms;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
