import { layoutOf, type ModelLayout } from '../../src/serving/index.js';

/** A binary classifier taking one [rows, 3] input with feature names a, b, c (the fixtures' shape, smaller). */
export const classifierLayout: ModelLayout = layoutOf({
  inputs: [{ name: 'input', dtype: 'float32', shape: [null, 3] }],
  outputs: [
    { name: 'label', dtype: 'int64', shape: [null] },
    { name: 'probabilities', dtype: 'float32', shape: [null, 2] },
  ],
  featureNames: ['a', 'b', 'c'],
});
