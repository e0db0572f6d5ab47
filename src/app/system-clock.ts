import type { Clock } from '../core/index.js';

/** The wall clock and Node's timers; built only here, injected everywhere else. */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    afterIo: (fn) => setImmediate(fn),
  };
}
