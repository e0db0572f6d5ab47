import { describe, expect, it } from 'vitest';
import { companyFor, nextMeanGap, QUIET_GAP_MS } from './linger.js';

describe('companyFor', () => {
  it('waits for no one until at least two requests arrive per quarter millisecond, then for those expected within it', () => {
    expect([10, 1, 0.2, 0.13].map(companyFor)).toEqual([1, 1, 1, 1]);
    // 8,000 requests/s and up: 0.25 ms brings two or more.
    expect([0.125, 0.1, 0.067, 0.05, 0.04].map(companyFor)).toEqual([2, 3, 4, 5, 6]);
    expect([0.03, 0.01, 0.001].map(companyFor)).toEqual([8, 8, 8]);
  });
});

describe('nextMeanGap', () => {
  it('follows the arrivals a twentieth at a time, and counts a long pause as 10 ms', () => {
    let mean = QUIET_GAP_MS;
    for (let i = 0; i < 200; i++) mean = nextMeanGap(mean, 0.05);
    expect(mean).toBeCloseTo(0.05, 3);
    expect(nextMeanGap(0.05, 60_000)).toBeCloseTo(0.05 + (10 - 0.05) / 20, 10);
    // One pause of 10 ms or more after dense traffic ends the waiting.
    expect(companyFor(nextMeanGap(0.05, 60_000))).toBe(1);
  });
});
