import { mpError } from '../core/index.js';

/** A parsed threshold: a comparison with a number, or an inclusive range. */
export type ParsedThreshold =
  | { readonly kind: 'compare'; readonly op: '>=' | '<=' | '>' | '<' | '=='; readonly value: number; readonly text: string }
  | { readonly kind: 'range'; readonly low: number; readonly high: number; readonly text: string };

const COMPARE = /^\s*(>=|<=|>|<|==)\s*(\S+)\s*$/;
const RANGE = /^\s*(\S+?)\s*\.\.\s*(\S+)\s*$/;

/**
 * Parses `">= 0.90"`, `"<= 0.1"`, `"0.8..0.95"` (the schema has checked the form; this checks the meaning).
 * @example parseThreshold('0.8..0.95') // { kind: 'range', low: 0.8, high: 0.95, text: '0.8..0.95' }
 */
export function parseThreshold(text: string): ParsedThreshold {
  const c = COMPARE.exec(text);
  if (c) return { kind: 'compare', op: c[1] as '>=', value: number(c[2]!, text), text: text.trim() };
  const r = RANGE.exec(text);
  if (!r) throw mpError('MP_POLICY_INVALID', 'gate policy', `threshold "${text}" is not ">= x", "<= x", "> x", "< x", "== x" or "low..high"`);
  const low = number(r[1]!, text);
  const high = number(r[2]!, text);
  if (low > high) throw mpError('MP_POLICY_INVALID', 'gate policy', `threshold "${text}" has its low end above its high end`);
  return { kind: 'range', low, high, text: text.trim() };
}

function number(s: string, text: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) throw mpError('MP_POLICY_INVALID', 'gate policy', `threshold "${text}": '${s}' is not a number`);
  return v;
}

/**
 * Whether `value` satisfies the threshold; NaN never does.
 * @example meets(0.93, parseThreshold('>= 0.95')) // false
 */
export function meets(value: number, t: ParsedThreshold): boolean {
  if (Number.isNaN(value)) return false;
  if (t.kind === 'range') return value >= t.low && value <= t.high;
  switch (t.op) {
    case '>=':
      return value >= t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    case '<':
      return value < t.value;
    default:
      return value === t.value;
  }
}

/** One metric judged against its threshold, as gates report it. */
export interface ThresholdCheck {
  readonly metric: string;
  readonly threshold: string;
  readonly value: number | null;
  readonly ok: boolean;
}

/**
 * Judges named values against named thresholds; a metric without a value fails (and says so in `value: null`).
 * @example judge({ accuracy: 0.9 }, { accuracy: '>= 0.95' }) // [{ metric: 'accuracy', threshold: '>= 0.95', value: 0.9, ok: false }]
 */
export function judge(values: Readonly<Record<string, number | undefined>>, thresholds: Readonly<Record<string, string>>): ThresholdCheck[] {
  return Object.entries(thresholds).map(([metric, text]) => {
    const value = values[metric];
    const known = value !== undefined && Number.isFinite(value);
    return { metric, threshold: text, value: known ? value : null, ok: known && meets(value, parseThreshold(text)) };
  });
}

/** "accuracy 0.9 (needs >= 0.95), …" for the failed checks. */
export function describeFailures(checks: readonly ThresholdCheck[]): string {
  return checks
    .filter((c) => !c.ok)
    .map((c) => `${c.metric} ${c.value === null ? 'unavailable' : round(c.value)} (needs ${c.threshold})`)
    .join(', ');
}

/** A number for messages: 4 significant digits. */
export function round(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}
