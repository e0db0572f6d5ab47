import type { GovernancePolicy, ModelVersion } from '../contract/index.js';
import { LOWER_IS_BETTER } from '../core/index.js';

export interface MetricDiff {
  readonly name: string;
  readonly a: number | null;
  readonly b: number | null;
  /** b − a, when both have the metric. */
  readonly diff: number | null;
  /** (b − a) / |a| × 100, when both have it and a ≠ 0. */
  readonly pctChange: number | null;
}

export interface ValueDiff {
  readonly name: string;
  readonly a: string | null;
  readonly b: string | null;
  readonly same: boolean;
}

export interface Comparison {
  readonly a: string;
  readonly b: string;
  readonly metrics: readonly MetricDiff[];
  readonly params: readonly ValueDiff[];
  readonly tags: readonly ValueDiff[];
  readonly signatureSame: boolean;
  readonly digestSame: boolean;
  readonly recommendation: { readonly uri: string | null; readonly metric: string | null; readonly reason: string };
}

/** Metrics tried, in order, when the model names no primary metric. */
const CONVENTIONAL = ['roc_auc', 'auc', 'f1', 'accuracy', 'r2', 'rmse', 'mae'];

/**
 * Compares two versions and recommends one by the model's primary metric (or a conventional one).
 * @example compareVersions(v1, v2, { primaryMetric: 'accuracy' }).recommendation.reason
 */
export function compareVersions(a: ModelVersion, b: ModelVersion, policy: GovernancePolicy): Comparison {
  const metrics = union(a.metrics, b.metrics).map((name) => metricDiff(name, a.metrics[name], b.metrics[name]));
  return {
    a: a.uri,
    b: b.uri,
    metrics,
    params: union(a.params, b.params).map((n) => valueDiff(n, a.params[n], b.params[n])),
    tags: union(a.tags, b.tags).map((n) => valueDiff(n, a.tags[n], b.tags[n])),
    signatureSame: JSON.stringify(a.signature) === JSON.stringify(b.signature),
    digestSame: a.digest === b.digest,
    recommendation: recommend(a, b, metrics, policy),
  };
}

function union(x: Readonly<Record<string, unknown>>, y: Readonly<Record<string, unknown>>): string[] {
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
}

function metricDiff(name: string, a: number | undefined, b: number | undefined): MetricDiff {
  const both = a !== undefined && b !== undefined;
  return {
    name,
    a: a ?? null,
    b: b ?? null,
    diff: both ? b - a : null,
    pctChange: both && a !== 0 ? ((b - a) / Math.abs(a)) * 100 : null,
  };
}

function valueDiff(name: string, a: string | undefined, b: string | undefined): ValueDiff {
  return { name, a: a ?? null, b: b ?? null, same: a === b };
}

function recommend(a: ModelVersion, b: ModelVersion, metrics: readonly MetricDiff[], policy: GovernancePolicy): Comparison['recommendation'] {
  const common = metrics.filter((m) => m.diff !== null);
  const chosen = policy.primaryMetric ?? CONVENTIONAL.find((n) => common.some((m) => m.name === n));
  const source = policy.primaryMetric ? "the model's primary metric" : 'a conventional metric (the model sets no primary metric)';
  const m = common.find((x) => x.name === chosen);
  if (!chosen || !m) {
    const missing = chosen ? `${chosen} is not recorded on both versions` : common.length ? `no primary metric is set and none of ${common.map((x) => x.name).join(', ')} is a conventional one` : 'no metric recorded on both versions';
    return { uri: null, metric: chosen ?? null, reason: `no recommendation: ${missing} — set one with: modelpilot models update ${a.model} --primary-metric <name>` };
  }
  const goal = policy.primaryMetricGoal ?? (LOWER_IS_BETTER.test(m.name) ? 'min' : 'max');
  if (m.diff === 0) return { uri: null, metric: m.name, reason: `${m.name} is equal (${m.a}) on both — keep the current version` };
  const bWins = goal === 'max' ? m.diff! > 0 : m.diff! < 0;
  const [win, lose] = bWins ? [b, a] : [a, b];
  const word = goal === 'max' ? 'higher' : 'lower';
  return { uri: win.uri, metric: m.name, reason: `${win.uri} has ${word} ${m.name} (${win.metrics[m.name]} vs ${lose.metrics[m.name]}), by ${source}` };
}
