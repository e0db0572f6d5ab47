import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAP = fileURLToPath(new URL('../../dist/app/heap.js', import.meta.url));

// About 40 MB that stays alive, then 1.2 million arrays of churn whose garbage outlives young collections (a ring of
// 60,000, the oldest dropped as new ones come): the old generation fills with garbage until a full collection.
// Prints the largest heap in use meanwhile. A fixed amount of work, not a time: a busy machine only makes it slower.
const WORKLOAD = `
import v8 from 'node:v8';
if (process.argv[1] === 'tuned') (await import(process.argv[2])).keepHeapNearLive();
const live = [];
for (let i = 0; i < 300000; i++) live.push({ a: i, b: 'x' + i, c: [i, i] });
const ring = [];
let max = 0;
for (let round = 0; round < 600; round++) {
  for (let i = 0; i < 2000; i++) ring.push(new Array(30).fill(i * 1.5));
  if (ring.length > 60000) ring.splice(0, 2000);
  max = Math.max(max, v8.getHeapStatistics().used_heap_size);
}
console.log(JSON.stringify({ maxMb: max / 2 ** 20, kept: live.length + ring.length }));
`;

function largestHeapMb(mode: 'tuned' | 'default'): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', WORKLOAD, mode, HEAP], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`workload failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { maxMb: number }).maxMb;
}

describe('keepHeapNearLive', () => {
  it('keeps a running process heap near twice its live size, where V8 alone lets it grow far larger', () => {
    const untouched = largestHeapMb('default');
    const tuned = largestHeapMb('tuned');
    // About 55 MB is live at the end (40 kept, 15 in the ring): twice that is the bound, with room for where in the
    // churn a collection starts.
    expect(tuned).toBeLessThan(180);
    expect(tuned).toBeLessThan(untouched * 0.75);
  });
});
