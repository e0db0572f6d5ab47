/**
 * When a run waits for company. Under dense traffic one onnxruntime run per request costs more CPU than the
 * requests themselves (a run has a fixed cost of tens of µs on a busy core); waiting for the next few arrivals and
 * running them together keeps a busy server from saturating, which is what holds its tail latency. At low rates
 * nothing waits.
 */

/** The wait for company accepted under dense traffic: the requests expected to arrive within it join the run. */
const LINGER_BUDGET_MS = 0.25;
/** Most requests a run waits for. */
const MAX_COMPANY = 8;
/** A run waits for no more rows than these: larger requests already spread a run's fixed cost. */
export const LINGER_ROWS = 16;
/** A gap counts at most this much, so one quiet moment ends the lingering at once. */
const GAP_CAP_MS = 10;

/**
 * The smoothed gap between arrivals after one more gap of `gapMs` (each arrival moves it by a twentieth).
 * @example let mean = GAP_CAP_MS; mean = nextMeanGap(mean, 0.07);
 */
export function nextMeanGap(mean: number, gapMs: number): number {
  return mean + (Math.min(gapMs, GAP_CAP_MS) - mean) / 20;
}

/** The mean gap before any arrival: the quietest there is. */
export const QUIET_GAP_MS = GAP_CAP_MS;

/**
 * How many requests the next run should hold: 1 (run now) unless at least two arrive per budget, then as many
 * as are expected within it (up to 8).
 * @example companyFor(0.07) // 4 at about 15,000 requests/s
 */
export function companyFor(meanGapMs: number): number {
  if (meanGapMs * 2 > LINGER_BUDGET_MS) return 1;
  return Math.min(MAX_COMPANY, Math.round(LINGER_BUDGET_MS / meanGapMs));
}
