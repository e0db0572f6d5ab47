import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';

// With automatic checkpoints off, committed pages stay in the write-ahead log and the database file keeps its size;
// a checkpoint run by the worker thread copies them into the file.

async function filled(walCheckpoints: 'worker' | 'off') {
  const file = join(mkdtempSync(join(tmpdir(), 'mp-wal-')), 'modelpilot.db');
  const store = await createStore(file, { now: '2026-01-01T00:00:00.000Z', walCheckpoints });
  const size = (): number => statSync(file).size;
  const before = size();
  const row = { endpoint: 'e', model: 'm', version: 1, at: '2026-01-01T00:00:00.000Z', latency_ms: 1, inputs: 'x'.repeat(4000), outputs: '{}' };
  for (let i = 0; i < 10; i++) await store.query((db) => db.insertInto('prediction_samples').values(Array.from({ length: 50 }, (_, k) => ({ ...row, request_id: `r${i}-${k}` }))).execute());
  return { store, size, before };
}

async function grows(size: () => number, than: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (size() > than + 1_000_000) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('WAL checkpoints off the event loop', () => {
  it('leaves 2 MB of commits in the log until the worker checkpoints them into the file', async () => {
    const { store, size, before } = await filled('worker');
    expect(size()).toBe(before);
    store.checkpoint();
    expect(await grows(size, before, 5_000)).toBe(true);
    await store.close();
  });

  it.runIf(process.platform === 'linux')('runs its checkpoints at the lowest CPU priority (nice 19), the rest of the process unchanged', async () => {
    const { store } = await filled('worker');
    const niceOf = (tid: string): number => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const niced = (): string[] => readdirSync('/proc/self/task').filter((tid) => niceOf(tid) === 19);
    const deadline = performance.now() + 5_000;
    while (niced().length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(niced()).toHaveLength(1);
    expect(niceOf(String(process.pid))).toBe(0);
    await store.close();
    expect(niced()).toHaveLength(0);
  });

  it('with checkpoints off and no worker, checkpoint() does nothing', async () => {
    const { store, size, before } = await filled('off');
    store.checkpoint();
    expect(await grows(size, before, 300)).toBe(false);
    await store.close();
  });
});
