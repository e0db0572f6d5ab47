const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Milliseconds of `90s`, `2m`, `500ms`, `1h`, `7d` or a number of seconds; undefined when the text is not one.
 * @example durationMs('2m') // 120000
 */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
  return m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] : undefined;
}
