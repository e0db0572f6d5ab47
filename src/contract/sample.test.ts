import { describe, expect, it } from 'vitest';
import { rowScore } from './sample.js';

describe('rowScore', () => {
  it('is the positive-class probability for a binary classifier, even when it is not the larger one', () => {
    expect(rowScore([0.7, 0.3], 0, 2)).toBe(0.3);
    expect(rowScore(Float32Array.from([0.9, 0.1, 0.25, 0.75]), 2, 2)).toBe(0.75);
  });

  it('is the top-class probability of the row for more classes, read at its offset', () => {
    const probs = [0.1, 0.2, 0.7, 0.5, 0.3, 0.2];
    expect(rowScore(probs, 0, 3)).toBe(0.7);
    expect(rowScore(probs, 3, 3)).toBe(0.5);
  });
});
