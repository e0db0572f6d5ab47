import { describe, expect, it } from 'vitest';
import { expected, fixture, loadXy } from '../../test/helpers/fixtures.js';
import { createOnnxEngine } from './index.js';

const engines = [['onnx', createOnnxEngine()]] as const;

describe.each(engines)('InferenceEngine contract: %s', (_name, engine) => {
  it.each(Object.entries(expected))('%s reproduces sklearn on the whole holdout', async (file, want) => {
    const model = await engine.load({ path: fixture(file) });
    const { x, y, rows, cols } = loadXy(want.holdout_csv);
    const out = await model.run({ input: { dtype: 'float32', shape: [rows, cols], data: x } });
    if (want.task === 'regression') {
      const pred = out['variable']!.data as Float32Array;
      expect(pred[0]).toBeCloseTo(want.first_row_prediction!, 3);
      const rmse = Math.sqrt(y.reduce((s, t, i) => s + (t - pred[i]!) ** 2, 0) / rows);
      expect(rmse).toBeCloseTo(want.rmse!, 3);
    } else {
      const probs = out['probabilities']!.data as Float32Array;
      const k = want.first_row_probabilities!.length;
      want.first_row_probabilities!.forEach((p, i) => expect(Math.abs(probs[i]! - p)).toBeLessThan(1e-5));
      const labels = Array.from(out['label']!.data as BigInt64Array, Number);
      expect(labels.slice(0, 10)).toEqual(want.first_rows_labels);
      const accuracy = labels.filter((l, i) => l === y[i]).length / rows;
      expect(accuracy).toBeCloseTo(want.accuracy!, 10);
      expect(out['probabilities']!.shape).toEqual([rows, k]);
    }
    await model.dispose();
  });

  it('reads the signature: names, dtypes, a free batch dimension', async () => {
    const model = await engine.load({ path: fixture('breast-cancer-logreg.onnx') });
    expect(model.signature.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [expect.anything(), 30] }]);
    expect(typeof model.signature.inputs[0]!.shape[0]).not.toBe('number');
    expect(model.signature.outputs.map((o) => [o.name, o.dtype])).toEqual([['label', 'int64'], ['probabilities', 'float32']]);
    await model.dispose();
  });

  it.each(['bad-not-onnx.onnx', 'bad-truncated.onnx', 'bad-unknown-domain.onnx'])('refuses %s with MP_ONNX_INVALID', async (file) => {
    await expect(engine.load({ path: fixture(file) })).rejects.toMatchObject({ code: 'MP_ONNX_INVALID' });
  });

  it('loads from verified bytes as well as from a path', async () => {
    const { readFile } = await import('node:fs/promises');
    const model = await engine.load({ bytes: await readFile(fixture('iris-logreg.onnx')), label: 'iris' });
    expect(model.signature.inputs[0]!.shape[1]).toBe(4);
    await model.dispose();
  });
});

describe('runTimed (onnx)', () => {
  // The event loop's own clock, as src/app builds it.
  const clock = {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    afterIo: (fn: () => void) => setImmediate(fn),
  };

  it("times onnxruntime's own computation, not the wait behind other work on the event loop", async () => {
    const model = await createOnnxEngine({ intraOpThreads: 1, clock }).load({ path: fixture('breast-cancer-trees.onnx') });
    const { x, cols } = loadXy(expected['breast-cancer-trees.onnx']!.holdout_csv);
    const feeds = { input: { dtype: 'float32', shape: [1, cols], data: x.subarray(0, cols) } };
    const alone = await model.runTimed(feeds);
    // Other work queued first (another version's run, say) holds the loop for 60 ms before this run's turn.
    setImmediate(() => {
      const until = performance.now() + 60;
      while (performance.now() < until);
    });
    const started = performance.now();
    const behind = await model.runTimed(feeds);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(behind.ms).toBeLessThan(20);
    expect(Array.from(behind.outputs['label']!.data as BigInt64Array)).toEqual(Array.from(alone.outputs['label']!.data as BigInt64Array));
    await model.dispose();
  });
});
