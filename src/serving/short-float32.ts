// Powers of ten tried in turn: a float32 holds about seven significant digits, so tabular features (prices,
// measurements, counts) almost always find their short form among them.
const SCALES = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];

/**
 * The same float32 in the fewest decimals this finds: a client's 16.7 reaches the model as the float32
 * 16.700000762939453, and a sample keeps 16.7 (Math.fround gives back the very float32 the model saw). About a third
 * of the text in a sample's JSON, so samples write faster and take less room. A value no scale rounds to stays as it
 * is (still exact).
 * @example shortFloat32(Math.fround(16.7)) // 16.7
 */
export function shortFloat32(v: number): number {
  for (let i = 0; i < SCALES.length; i++) {
    const r = Math.round(v * SCALES[i]!) / SCALES[i]!;
    if (Math.fround(r) === v) return r;
  }
  return v;
}
