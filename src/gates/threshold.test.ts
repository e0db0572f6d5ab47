import { describe, expect, it } from 'vitest';
import { checkValue, GatePolicy } from '../contract/index.js';
import { describeFailures, judge, meets, parseThreshold } from './threshold.js';

describe('thresholds as users write them', () => {
  it.each([
    ['>= 0.90', 0.9, true],
    ['>= 0.90', 0.8999, false],
    ['<= 0.1', 0.1, true],
    ['<= 0.1', 0.1000001, false],
    ['> 0.5', 0.5, false],
    ['< 3', 2.99, true],
    ['== 1', 1, true],
    ['0.8..0.95', 0.8, true],
    ['0.8..0.95', 0.95, true],
    ['0.8..0.95', 0.96, false],
    [' -1e-3 .. 2.5e1 ', 0, true],
    ['>= 0.5', Number.NaN, false],
  ] as const)('%s with %s → %s', (text, value, ok) => {
    expect(meets(value, parseThreshold(text))).toBe(ok);
  });

  it('refuses a range whose ends are swapped, naming it', () => {
    expect(() => parseThreshold('0.95..0.8')).toThrow(expect.objectContaining({ code: 'MP_POLICY_INVALID', message: expect.stringContaining('"0.95..0.8" has its low end above its high end') }));
  });

  it('is checked by the policy schema before any gate runs', () => {
    expect(checkValue(GatePolicy, { metrics: { accuracy: '>= 0.9', loss: '0..0.2' } }).ok).toBe(true);
    for (const bad of ['=> 0.9', '0.9', '>= high', '0.8...0.9', '>= 0.9 or so']) {
      const r = checkValue(GatePolicy, { metrics: { accuracy: bad } });
      expect(r.ok, bad).toBe(false);
    }
  });

  it('judges named values and says which failed and why', () => {
    const checks = judge({ accuracy: 0.93, rocAuc: 0.99 }, { accuracy: '>= 0.95', rocAuc: '>= 0.97', f1: '>= 0.5' });
    expect(checks).toEqual([
      { metric: 'accuracy', threshold: '>= 0.95', value: 0.93, ok: false },
      { metric: 'rocAuc', threshold: '>= 0.97', value: 0.99, ok: true },
      { metric: 'f1', threshold: '>= 0.5', value: null, ok: false },
    ]);
    expect(describeFailures(checks)).toBe('accuracy 0.93 (needs >= 0.95), f1 unavailable (needs >= 0.5)');
  });
});
