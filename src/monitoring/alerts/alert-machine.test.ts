import { describe, expect, it } from 'vitest';
import type { AlertRule, AlertState } from '../../contract/index.js';
import { ALERT_DEFAULTS, initialAlertState, stepAlert, type AlertChange, type AlertStep } from './alert-machine.js';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const rule = (over: Partial<AlertRule> = {}): AlertRule => ({ name: 'psi', metric: 'featurePsi', feature: 'carat', op: '>', threshold: 0.2, ...over });

/** One closed window: its value, and the minute it closed at (default: one per minute). */
type Tick = number | null | readonly [value: number | null, minute: number];

/** Steps the rule over the windows (seq 1, 2, …) and returns every step. */
function run(r: AlertRule, ticks: readonly Tick[], start?: AlertState): AlertStep[] {
  const steps: AlertStep[] = [];
  let prev = start;
  ticks.forEach((tick, i) => {
    const [value, minute] = Array.isArray(tick) ? tick : [tick as number | null, i + 1];
    const nowMs = T0 + minute * 60_000;
    const step = stepAlert(prev, { rule: r, endpoint: 'fraud', version: 2, window: i + 1, value, now: new Date(nowMs).toISOString(), nowMs });
    steps.push(step);
    prev = step.state;
  });
  return steps;
}

/** `from>to` for a silent change, `!` when it notifies, `~` when the cooldown suppressed it; `-` for none. */
const short = (c: AlertChange | null): string => (c ? `${c.from}>${c.to}${c.notify ? '!' : ''}${c.suppressedBy === 'cooldown' ? '~' : ''}` : '-');

describe('stepAlert transitions', () => {
  it.each<[string, Partial<AlertRule>, readonly Tick[], string[], string[]]>([
    ['for:1 goes straight to firing', {}, [0.31], ['firing'], ['inactive>firing!']],
    ['for:3 waits in pending, then fires', { for: 3 }, [0.31, 0.3, 0.4], ['pending', 'pending', 'firing'], ['inactive>pending', '-', 'pending>firing!']],
    ['pending falls back to inactive, silently', { for: 3 }, [0.31, 0.1, 0.31], ['pending', 'inactive', 'pending'], ['inactive>pending', 'pending>inactive', 'inactive>pending']],
    ['a null value neither advances nor breaks the streak', { for: 3 }, [0.31, null, 0.3, null, 0.4], ['pending', 'pending', 'pending', 'pending', 'firing'], ['inactive>pending', '-', '-', '-', 'pending>firing!']],
    ['firing notifies once (dedup)', {}, [0.31, 0.35, 0.5], ['firing', 'firing', 'firing'], ['inactive>firing!', '-', '-']],
    ['a notified firing resolves with a notification', {}, [0.31, 0.1, 0.05], ['firing', 'resolved', 'resolved'], ['inactive>firing!', 'firing>resolved!', '-']],
    ['a null value keeps firing', {}, [0.31, null, 0.1], ['firing', 'firing', 'resolved'], ['inactive>firing!', '-', 'firing>resolved!']],
    ['re-firing inside the cooldown is suppressed, and so is its resolution', {}, [0.31, 0.1, 0.31, 0.1], ['firing', 'resolved', 'firing', 'resolved'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing~', 'firing>resolved']],
    ['re-firing after the cooldown notifies', {}, [[0.31, 1], [0.1, 2], [0.31, 11]], ['firing', 'resolved', 'firing'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing!']],
    ['re-firing exactly when the cooldown ends notifies', {}, [[0.31, 0], [0.1, 5], [0.31, 10]], ['firing', 'resolved', 'firing'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing!']],
    ['re-firing one ms before the cooldown ends is suppressed', { cooldown: '600001ms' }, [[0.31, 0], [0.1, 5], [0.31, 10]], ['firing', 'resolved', 'firing'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing~']],
    ['a custom cooldown (seconds as a number)', { cooldown: 120 }, [[0.31, 1], [0.1, 2], [0.31, 2.5], [0.1, 2.8], [0.31, 3]], ['firing', 'resolved', 'firing', 'resolved', 'firing'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing~', 'firing>resolved', 'resolved>firing!']],
    ['cooldown 0 notifies every firing', { cooldown: '0s' }, [0.31, 0.1, 0.31], ['firing', 'resolved', 'firing'], ['inactive>firing!', 'firing>resolved!', 'resolved>firing!']],
    ['resolved needs `for` windows again to fire', { for: 2 }, [0.3, 0.3, 0.1, 0.3, 0.3], ['pending', 'firing', 'resolved', 'pending', 'firing'], ['inactive>pending', 'pending>firing!', 'firing>resolved!', 'resolved>pending', 'pending>firing~']],
    ['resolved and inactive stay put while the condition fails', {}, [0.1, 0.31, 0.1, 0.1], ['inactive', 'firing', 'resolved', 'resolved'], ['-', 'inactive>firing!', 'firing>resolved!', '-']],
    ['op < (a quality floor)', { metric: 'accuracy', op: '<', threshold: 0.85, for: 2 }, [0.9, 0.84, 0.8, 0.86], ['inactive', 'pending', 'firing', 'resolved'], ['-', 'inactive>pending', 'pending>firing!', 'firing>resolved!']],
  ])('%s', (_, over, ticks, states, changes) => {
    const steps = run(rule(over), ticks);
    expect(steps.map((s) => s.state.state)).toEqual(states);
    expect(steps.map((s) => short(s.change))).toEqual(changes);
  });
});

describe('stepAlert state fields', () => {
  it('starts inactive, streak 0, never notified, and a null value returns the state as is', () => {
    const [first, second] = run(rule(), [null, null]);
    expect(first?.state).toMatchObject({ rule: 'psi', endpoint: 'fraud', version: 2, state: 'inactive', severity: 'warning', streak: 0, value: null, window: null, lastNotifiedAt: null });
    expect(first?.change).toBeNull();
    expect(second?.state).toBe(first?.state);
  });

  it('counts the streak, keeps `since` at the last change and sets lastNotifiedAt only on a notified firing', () => {
    const steps = run(rule({ for: 2, severity: 'critical' }), [0.3, 0.4, 0.5, 0.1]);
    expect(steps.map((s) => s.state.streak)).toEqual([1, 2, 3, 0]);
    expect(steps.map((s) => s.state.since)).toEqual(['00:01', '00:02', '00:02', '00:04'].map((m) => `2025-01-01T${m}:00.000Z`));
    expect(steps.map((s) => s.state.lastNotifiedAt)).toEqual([null, '2025-01-01T00:02:00.000Z', '2025-01-01T00:02:00.000Z', '2025-01-01T00:02:00.000Z']);
    expect(steps.map((s) => [s.state.value, s.state.window, s.state.severity])).toEqual([[0.3, 1, 'critical'], [0.4, 2, 'critical'], [0.5, 3, 'critical'], [0.1, 4, 'critical']]);
  });

  it('leaves lastNotifiedAt alone when the cooldown suppresses a firing', () => {
    const steps = run(rule(), [0.31, 0.1, 0.31]);
    expect(steps[2]?.change).toEqual({ from: 'resolved', to: 'firing', notify: false, suppressedBy: 'cooldown' });
    expect(steps[2]?.state.lastNotifiedAt).toBe('2025-01-01T00:01:00.000Z');
  });

  it('says what happened, with the numbers', () => {
    const steps = run(rule({ for: 3 }), [0.31, 0.3, 0.3127, 0.3, 0.12]);
    expect(steps.map((s) => s.state.message)).toEqual([
      'featurePsi(carat) = 0.31 > 0.2 for 1 of 3 windows (v2 of fraud, window 1)',
      'featurePsi(carat) = 0.3 > 0.2 for 2 of 3 windows (v2 of fraud, window 2)',
      'featurePsi(carat) = 0.313 > 0.2 for 3 windows (v2 of fraud, window 3)',
      'featurePsi(carat) = 0.3 > 0.2 for 4 windows (v2 of fraud, window 4)',
      'featurePsi(carat) = 0.12, not > 0.2 (v2 of fraud, window 5)',
    ]);
    expect(run({ name: 'slow', metric: 'latencyP99', op: '>=', threshold: 250 }, [1234.5])[0]?.state.message).toBe('latencyP99 = 1235 >= 250 for 1 window (v2 of fraud, window 1)');
  });

  it('continues from a stored state', () => {
    const stored: AlertState = { ...initialAlertState(rule(), 'fraud', 2, '2025-01-01T00:00:00.000Z'), state: 'firing', streak: 4, lastNotifiedAt: '2025-01-01T00:00:00.000Z' };
    expect(run(rule(), [[0.1, 30]], stored).map((s) => short(s.change))).toEqual(['firing>resolved!']);
  });

  it('has the documented defaults', () => {
    expect(ALERT_DEFAULTS).toEqual({ for: 1, cooldownMs: 600_000, minLabels: 50 });
    expect(Object.isFrozen(ALERT_DEFAULTS)).toBe(true);
  });
});
