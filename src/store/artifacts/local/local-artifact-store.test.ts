import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../artifact-store.js';
import { createLocalArtifactStore } from './local-artifact-store.js';

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What consuming `get(digest)` ends in: the bytes, or the error (thrown at once or from the stream). */
async function getOutcome(store: ArtifactStore, digest: string): Promise<{ bytes: Buffer } | { error: unknown }> {
  try {
    return { bytes: await drain(store.get(digest)) };
  } catch (error) {
    return { error };
  }
}

/** vitest's toEqual walks a Buffer byte by byte (seconds for a few MB); compare natively instead. */
function expectSameBytes(actual: Buffer, want: Buffer): void {
  expect(actual.length).toBe(want.length);
  expect(actual.equals(want), 'bytes differ').toBe(true);
}

/** How a Promise-returning call ends, whether it throws at once or rejects. */
async function settle(call: () => Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** A source that yields `chunks` and then fails. */
function failingSource(chunks: readonly Buffer[]): Readable {
  return Readable.from(
    (async function* () {
      for (const c of chunks) yield c;
      throw new Error('source broke');
    })(),
  );
}

let root: string;
let store: ArtifactStore;
const tmpFiles = (): string[] => filesUnder(join(root, 'tmp'));

beforeEach(() => {
  root = join(mkdtempSync(join(tmpdir(), 'mp-artifacts-test-')), 'artifacts');
  store = createLocalArtifactStore(root);
});
afterEach(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

describe('LocalArtifactStore.put', () => {
  it('returns the sha256 of the bytes, their size, and stores them at <root>/sha256/ab/cdef…', async () => {
    const bytes = Buffer.from('hello, modelpilot\n');
    const digest = sha256(bytes);
    const hex = digest.slice('sha256:'.length);
    expect(await store.put(Readable.from([bytes]))).toEqual({ digest, sizeBytes: bytes.length, created: true });
    expect(filesUnder(root)).toEqual([join('sha256', hex.slice(0, 2), hex.slice(2))]);
    expect(readFileSync(join(root, 'sha256', hex.slice(0, 2), hex.slice(2)))).toEqual(bytes);
  });

  it('hashes across chunk boundaries exactly like one update over all bytes', async () => {
    const parts = [Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(3 << 20, 7), Buffer.from('z')];
    const all = Buffer.concat(parts);
    const result = await store.put(Readable.from(parts));
    expect(result).toEqual({ digest: sha256(all), sizeBytes: all.length, created: true });
    expectSameBytes(await store.read(result.digest), all);
  });

  it('stores an empty blob', async () => {
    const result = await store.put(Readable.from([Buffer.alloc(0)]));
    expect(result).toEqual({ digest: sha256(Buffer.alloc(0)), sizeBytes: 0, created: true });
    expect(await store.read(result.digest)).toEqual(Buffer.alloc(0));
  });

  it('stores the same bytes once: the second put says created:false and leaves one file', async () => {
    const bytes = Buffer.from('same bytes');
    const first = await store.put(Readable.from([bytes]));
    const second = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]));
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(filesUnder(join(root, 'sha256'))).toHaveLength(1);
    expect(tmpFiles()).toEqual([]);
  });

  it('keeps different bytes apart', async () => {
    const a = await store.put(Readable.from([Buffer.from('a')]));
    const b = await store.put(Readable.from([Buffer.from('b')]));
    expect(a.digest).not.toBe(b.digest);
    expect(filesUnder(join(root, 'sha256'))).toHaveLength(2);
    expect(await store.read(a.digest)).toEqual(Buffer.from('a'));
    expect(await store.read(b.digest)).toEqual(Buffer.from('b'));
  });

  it('leaves no temp file behind after a put', async () => {
    await store.put(Readable.from([Buffer.from('x')]));
    expect(tmpFiles()).toEqual([]);
  });

  it.each([
    ['midway', [Buffer.alloc(1 << 20, 1), Buffer.alloc(1 << 20, 2)]],
    ['before the first byte', []],
  ])('rejects when the source fails %s, leaving neither a blob nor a temp file', async (_when, chunks) => {
    await expect(store.put(failingSource(chunks))).rejects.toThrow('source broke');
    expect(filesUnder(join(root, 'sha256'))).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });
});

describe('LocalArtifactStore reads', () => {
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  let digest: string;
  let blobPath: string;
  beforeEach(async () => {
    digest = (await store.put(Readable.from([bytes]))).digest;
    const hex = digest.slice('sha256:'.length);
    blobPath = join(root, 'sha256', hex.slice(0, 2), hex.slice(2));
  });

  it('get streams the bytes back and read returns them', async () => {
    const outcome = await getOutcome(store, digest);
    if (!('bytes' in outcome)) throw outcome.error;
    expectSameBytes(outcome.bytes, bytes);
    expectSameBytes(await store.read(digest), bytes);
  });

  it('has and remove', async () => {
    expect(await store.has(digest)).toBe(true);
    await store.remove(digest);
    expect(await store.has(digest)).toBe(false);
    expect(existsSync(blobPath)).toBe(false);
    await store.remove(digest); // removing twice is fine
    expect(await store.has(sha256(Buffer.from('never stored')))).toBe(false);
  });

  it.each([
    ['a flipped byte', (b: Buffer) => Buffer.concat([b.subarray(0, 500), Buffer.from([b[500]! ^ 0xff]), b.subarray(501)])],
    ['a truncated file', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['an appended byte', (b: Buffer) => Buffer.concat([b, Buffer.from([0])])],
  ])('a blob edited on disk (%s): get errors with MP_ARTIFACT_CORRUPT, read rejects with it', async (_what, edit) => {
    writeFileSync(blobPath, edit(bytes));
    const outcome = await getOutcome(store, digest);
    expect(outcome).toMatchObject({ error: { code: 'MP_ARTIFACT_CORRUPT' } });
    expect((outcome as { error: Error }).error.message).toContain(sha256(edit(bytes)));
    await expect(store.read(digest)).rejects.toMatchObject({ code: 'MP_ARTIFACT_CORRUPT' });
  });

  it('a missing digest: get errors and read rejects with MP_ARTIFACT_NOT_FOUND', async () => {
    const missing = sha256(Buffer.from('never stored'));
    expect(await getOutcome(store, missing)).toMatchObject({ error: { code: 'MP_ARTIFACT_NOT_FOUND' } });
    await expect(store.read(missing)).rejects.toMatchObject({ code: 'MP_ARTIFACT_NOT_FOUND' });
  });

  const INVALID = ['', 'sha256:', 'sha256:xyz', `sha256:${'A'.repeat(64)}`, `md5:${'a'.repeat(32)}`, `sha256:${'a'.repeat(63)}`, `sha256:../../${'a'.repeat(58)}`];

  it.each(INVALID)('invalid digest text %j is MP_ARTIFACT_NOT_FOUND for get, read, has and remove', async (bad) => {
    expect(await getOutcome(store, bad)).toMatchObject({ error: { code: 'MP_ARTIFACT_NOT_FOUND' } });
    for (const call of [() => store.read(bad), () => store.has(bad), () => store.remove(bad)]) {
      await expect(settle(call)).resolves.toMatchObject({ error: { code: 'MP_ARTIFACT_NOT_FOUND' } });
    }
    expect(existsSync(blobPath)).toBe(true);
  });

  it('read and remove reject on invalid digest text instead of throwing synchronously', () => {
    // They return Promises: `Promise.allSettled([artifacts.read(d)])` or `artifacts.remove(d).catch(…)` must see a
    // rejection, not an exception thrown before any Promise exists (has() already behaves).
    const thrownBy = (['read', 'has', 'remove'] as const).filter((name) => {
      try {
        store[name]('sha256:nope').catch(() => undefined);
        return false;
      } catch {
        return true;
      }
    });
    expect(thrownBy).toEqual([]);
  });
});

describe('LocalArtifactStore streaming', () => {
  it('puts a 300 MB generated stream with well under 100 MB of RSS growth', async () => {
    const total = 300 << 20;
    const chunkSize = 256 << 10;
    const expected = createHash('sha256');
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        // A fresh chunk each time (as a file read gives), with content that varies by position.
        const chunk = Buffer.allocUnsafe(chunkSize).fill(produced / chunkSize);
        chunk.writeUInt32BE(produced / chunkSize, 0);
        expected.update(chunk);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const result = await store.put(source);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(result).toEqual({ digest: `sha256:${expected.digest('hex')}`, sizeBytes: total, created: true });
    } finally {
      clearInterval(sampler);
    }
    const growthMb = (peak - before) / 2 ** 20;
    expect(growthMb).toBeLessThan(100);
    expect(statSync(join(root, 'sha256')).isDirectory()).toBe(true);
    expect(filesUnder(join(root, 'sha256'))).toHaveLength(1);
    expect(tmpFiles()).toEqual([]);
  });
});
