import { describe, expect, it } from 'vitest';
import { createTestClock, isoTime } from './clock.js';

const START = Date.UTC(2026, 0, 1);

describe('createTestClock', () => {
  it('starts where told (0 by default) and only moves on advance', () => {
    expect(createTestClock().now()).toBe(0);
    const clock = createTestClock(START);
    expect(clock.now()).toBe(START);
    expect(clock.now()).toBe(START);
    clock.advance(1500);
    expect(clock.now()).toBe(START + 1500);
    clock.advance(0);
    expect(clock.now()).toBe(START + 1500);
  });

  it('monotonic time moves with advance, inside timers too', () => {
    const clock = createTestClock(START);
    const m0 = clock.monotonic();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.monotonic() - m0), 40);
    clock.advance(100);
    expect(seen).toEqual([40]);
    expect(clock.monotonic() - m0).toBe(100);
  });

  it('fires due timers in time order, at their own time, during advance', () => {
    const clock = createTestClock(START);
    const fired: [string, number][] = [];
    const at = (label: string) => () => fired.push([label, clock.now() - START]);
    clock.setTimeout(at('c'), 300);
    clock.setTimeout(at('a'), 100);
    clock.setTimeout(at('d'), 1000);
    clock.setTimeout(at('b'), 200);
    expect(fired).toEqual([]);
    clock.advance(250);
    expect(fired).toEqual([['a', 100], ['b', 200]]);
    expect(clock.now()).toBe(START + 250);
    clock.advance(750);
    expect(fired).toEqual([['a', 100], ['b', 200], ['c', 300], ['d', 1000]]);
  });

  it('fires timers due at the same time in the order they were set', () => {
    const clock = createTestClock();
    const fired: number[] = [];
    for (const n of [1, 2, 3, 4]) clock.setTimeout(() => fired.push(n), 50);
    clock.advance(50);
    expect(fired).toEqual([1, 2, 3, 4]);
  });

  it('fires a timer exactly at its due time, not before; 0 and negative delays fire on the next advance', () => {
    const clock = createTestClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('100'), 100);
    clock.setTimeout(() => fired.push('zero'), 0);
    clock.setTimeout(() => fired.push('negative'), -5);
    expect(fired).toEqual([]);
    clock.advance(0);
    expect(fired).toEqual(['zero', 'negative']);
    clock.advance(99);
    expect(fired).toEqual(['zero', 'negative']);
    clock.advance(1);
    expect(fired).toEqual(['zero', 'negative', '100']);
  });

  it('fires each timer once', () => {
    const clock = createTestClock();
    let count = 0;
    clock.setTimeout(() => count++, 10);
    clock.advance(10);
    clock.advance(1000);
    expect(count).toBe(1);
  });

  it('clearTimeout cancels a pending timer and ignores unknown or fired handles', () => {
    const clock = createTestClock();
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 10);
    const b = clock.setTimeout(() => fired.push('b'), 20);
    clock.clearTimeout(a);
    clock.clearTimeout(12345);
    clock.clearTimeout(undefined);
    clock.advance(30);
    expect(fired).toEqual(['b']);
    clock.clearTimeout(b);
    expect(fired).toEqual(['b']);
  });

  it('gives each timer its own handle', () => {
    const clock = createTestClock();
    const handles = Array.from({ length: 5 }, () => clock.setTimeout(() => undefined, 1));
    expect(new Set(handles).size).toBe(5);
  });

  it('lets a firing timer cancel a later one in the same advance', () => {
    const clock = createTestClock();
    const fired: string[] = [];
    const later = clock.setTimeout(() => fired.push('later'), 20);
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(later);
    }, 10);
    clock.advance(100);
    expect(fired).toEqual(['first']);
  });

  it('runs timers that a firing timer schedules, in order with the others, when they fall inside the advance', () => {
    const clock = createTestClock();
    const fired: [string, number][] = [];
    const log = (label: string) => () => fired.push([label, clock.now()]);
    clock.setTimeout(() => {
      log('outer')();
      clock.setTimeout(log('nested+15'), 15);
      clock.setTimeout(() => {
        log('nested+0')();
        clock.setTimeout(log('grandchild+5'), 5);
      }, 0);
    }, 10);
    clock.setTimeout(log('plain@20'), 20);
    clock.setTimeout(log('plain@30'), 30);
    clock.advance(22);
    expect(fired).toEqual([
      ['outer', 10],
      ['nested+0', 10],
      ['grandchild+5', 15],
      ['plain@20', 20],
    ]);
    expect(clock.now()).toBe(22);
    clock.advance(10);
    expect(fired.slice(4)).toEqual([
      ['nested+15', 25],
      ['plain@30', 30],
    ]);
  });

  it('supports a timer that re-arms itself (an interval) without running past the advance', () => {
    const clock = createTestClock();
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.now());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(350);
    expect(ticks).toEqual([100, 200, 300]);
    clock.advance(50);
    expect(ticks).toEqual([100, 200, 300, 400]);
  });
});

describe('isoTime', () => {
  it('prints UTC ISO-8601 with milliseconds', () => {
    expect(isoTime(START)).toBe('2026-01-01T00:00:00.000Z');
    expect(isoTime(START + 86_400_000 + 1)).toBe('2026-01-02T00:00:00.001Z');
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
