/** Time, injected. Only app/ builds the real one; tests use {@link createTestClock}. */
export interface Clock {
  /** Wall-clock epoch milliseconds. */
  now(): number;
  /** Monotonic milliseconds with sub-millisecond precision, for durations. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` once the event loop has handled the I/O it has already read (Node's setImmediate). */
  afterIo(fn: () => void): unknown;
}

/** A clock that only moves when told to. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

/**
 * A deterministic clock for tests: timers fire, in order, during {@link TestClock.advance}.
 * @example const clock = createTestClock(Date.UTC(2026, 0, 1)); clock.advance(60_000);
 */
export function createTestClock(start = 0): TestClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const earliestDue = (end: number): number | undefined => {
    let best: number | undefined;
    for (const [id, t] of timers) {
      if (t.at <= end && (best === undefined || t.at < timers.get(best)!.at)) best = id;
    }
    return best;
  };
  const setTimer = (fn: () => void, ms: number): number => {
    const id = nextId++;
    timers.set(id, { at: now + Math.max(0, ms), fn });
    return id;
  };
  return {
    now: () => now,
    monotonic: () => now,
    setTimeout: setTimer,
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    // The test clock has no event loop: what waits for I/O runs at the next advance().
    afterIo: (fn) => setTimer(fn, 0),
    advance(ms) {
      const end = now + ms;
      for (let id = earliestDue(end); id !== undefined; id = earliestDue(end)) {
        const timer = timers.get(id)!;
        timers.delete(id);
        now = Math.max(now, timer.at);
        timer.fn();
      }
      now = end;
    },
  };
}

/** ISO-8601 UTC text of a clock reading; the one time format we persist. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
