import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../core/index.js';
import { shortFloat32 } from './short-float32.js';

describe('shortFloat32', () => {
  it('writes the float32 of a short decimal as that decimal', () => {
    const typed = [16.7, 82.51, 493.8, 0.1125, 0.0388, 0.007509, 2.495, -3.25, 1e6, 0, 12345.67];
    expect(typed.map((x) => shortFloat32(Math.fround(x)))).toEqual(typed);
    expect(JSON.stringify(shortFloat32(Math.fround(0.3)))).toBe('0.3');
  });

  it('always gives back the same float32, over random bit patterns of every magnitude', () => {
    const random = createSeededRandom(7);
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    let shortened = 0;
    for (let n = 0; n < 200_000; n++) {
      bits[0] = Math.floor(random.next() * 2 ** 32);
      const v = f[0]!;
      if (!Number.isFinite(v)) continue;
      const s = shortFloat32(v);
      if (Math.fround(s) !== v) throw new Error(`${v} became ${s}, a different float32`);
      if (s !== v) shortened++;
    }
    // Random bit patterns are mostly tiny or huge numbers with all their digits: few have a short form, but some do.
    expect(shortened).toBeGreaterThan(0);
  });

  it('leaves values with no short form, and non-float32 doubles, as they are', () => {
    const tiny = Math.fround(1.234e-9);
    expect(shortFloat32(tiny)).toBe(tiny);
    expect(shortFloat32(0.1)).toBe(0.1);
    expect(shortFloat32(Math.PI)).toBe(Math.PI);
  });
});
