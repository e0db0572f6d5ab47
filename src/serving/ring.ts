/**
 * A fixed-size ring of numeric columns with a timestamp column, so memory does not grow with traffic.
 * @example const r = createRing(1024, 2); r.push(now, [12.5, 1]); r.since(now - 60_000)
 */
export interface Ring {
  push(at: number, values: readonly number[]): void;
  /** The columns of every entry at or after `since`, oldest first. */
  since(at: number): Float64Array[];
}

export function createRing(capacity: number, columns: number): Ring {
  const times = new Float64Array(capacity);
  const cols = Array.from({ length: columns }, () => new Float64Array(capacity));
  let written = 0;
  return {
    push(at, values) {
      const i = written % capacity;
      times[i] = at;
      for (let c = 0; c < columns; c++) cols[c]![i] = values[c]!;
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
