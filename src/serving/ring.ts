/**
 * A fixed-size ring of numeric columns with a timestamp column, so memory does not grow with traffic.
 * @example const r = createRing(1024, 2); r.push(now, 12.5, 1); r.since(now - 60_000)
 */
export interface Ring {
  /** Appends one entry; the values are positional arguments so the hot path allocates nothing. */
  push(at: number, c0: number, c1?: number, c2?: number, c3?: number, c4?: number, c5?: number, c6?: number): void;
  /** The columns of every entry at or after `since`, oldest first. */
  since(at: number): Float64Array[];
}

export function createRing(capacity: number, columns: number): Ring {
  const times = new Float64Array(capacity);
  const cols = Array.from({ length: columns }, () => new Float64Array(capacity));
  let written = 0;
  return {
    push(at, c0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0) {
      const i = written % capacity;
      times[i] = at;
      cols[0]![i] = c0;
      if (columns > 1) cols[1]![i] = c1;
      if (columns > 2) cols[2]![i] = c2;
      if (columns > 3) cols[3]![i] = c3;
      if (columns > 4) cols[4]![i] = c4;
      if (columns > 5) cols[5]![i] = c5;
      if (columns > 6) cols[6]![i] = c6;
      written++;
    },
    since(at) {
      const count = Math.min(written, capacity);
      const start = written - count;
      let first = start;
      while (first < written && times[first % capacity]! < at) first++;
      const n = written - first;
      return cols.map((col) => {
        const out = new Float64Array(n);
        for (let k = 0; k < n; k++) out[k] = col[(first + k) % capacity]!;
        return out;
      });
    },
  };
}
