import { describe, expect, it } from 'vitest';
import { fairnessSummary, groupRates } from './fairness.js';

// Computed by hand, positive class 1:
//   group A (6 rows): y 1 1 1 0 0 0, ŷ 1 1 0 0 0 1 → accuracy 4/6, selection 3/6, TPR 2/3, FPR 1/3
//   group B (4 rows): y 1 1 0 0,     ŷ 1 0 0 0     → accuracy 3/4, selection 1/4, TPR 1/2, FPR 0/2
//   accuracy gap 3/4 − 4/6 = 1/12; demographic parity difference 1/2 − 1/4 = 1/4;
//   equalized odds difference max(2/3 − 1/2, 1/3 − 0) = 1/3; disparate impact ratio (1/4)/(1/2) = 1/2.
const y = [1, 1, 1, 0, 0, 0, 1, 1, 0, 0];
const yHat = [1, 1, 0, 0, 0, 1, 1, 0, 0, 0];
const groups = ['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'];

describe('fairness metrics on a table computed by hand', () => {
  it('computes per-group accuracy, selection rate, TPR and FPR', () => {
    const [a, b] = groupRates(y, yHat, groups, 1);
    expect(a).toEqual({ group: 'A', n: 6, accuracy: 4 / 6, selectionRate: 0.5, tpr: 2 / 3, fpr: 1 / 3, positives: 3, negatives: 3 });
    expect(b).toEqual({ group: 'B', n: 4, accuracy: 0.75, selectionRate: 0.25, tpr: 0.5, fpr: 0, positives: 2, negatives: 2 });
  });

  it('computes the between-group differences and the disparate impact ratio', () => {
    const s = fairnessSummary(groupRates(y, yHat, groups, 1));
    expect(s.accuracyGap).toBeCloseTo(1 / 12, 15);
    expect(s.demographicParityDifference).toBeCloseTo(0.25, 15);
    expect(s.equalizedOddsDifference).toBeCloseTo(1 / 3, 15);
    expect(s.disparateImpactRatio).toBeCloseTo(0.5, 15);
  });

  it('takes the other class as positive on request', () => {
    // Positive 0: A selects 3/6, B selects 3/4; TPR(A) = 2/3, TPR(B) = 2/2; FPR(A) = 1/3, FPR(B) = 1/2.
    const s = fairnessSummary(groupRates(y, yHat, groups, 0));
    expect(s.demographicParityDifference).toBeCloseTo(0.25, 15);
    expect(s.equalizedOddsDifference).toBeCloseTo(1 / 3, 15);
    expect(s.disparateImpactRatio).toBeCloseTo(2 / 3, 15);
  });

  it('leaves a rate with an empty denominator out of the comparison', () => {
    // Group C has no positive rows: its TPR is undefined and must not count as 0.
    const rates = groupRates([...y, 0, 0], [...yHat, 1, 0], [...groups, 'C', 'C'], 1);
    expect(rates[2]).toMatchObject({ group: 'C', tpr: NaN, fpr: 0.5 });
    expect(fairnessSummary(rates).equalizedOddsDifference).toBeCloseTo(0.5, 15);
  });

  it('is NaN with a single group and 1 when nobody is selected', () => {
    expect(fairnessSummary(groupRates([1, 0], [1, 0], ['A', 'A'], 1)).accuracyGap).toBeNaN();
    expect(fairnessSummary(groupRates([1, 0], [0, 0], ['A', 'B'], 1)).disparateImpactRatio).toBe(1);
  });
});
