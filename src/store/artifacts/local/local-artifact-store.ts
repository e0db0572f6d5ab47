import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mpError } from '../../../core/index.js';
import type { ArtifactStore, PutResult } from '../artifact-store.js';

const CHUNK = 1 << 20;
const DIGEST = /^sha256:([0-9a-f]{64})$/;

/**
 * Blobs under `<root>/sha256/ab/cdef…`, written to `<root>/tmp/` first and renamed into place,
 * so a reader never sees half a file and a crash leaves only a temp file behind.
 * @example const artifacts = createLocalArtifactStore('.modelpilot/artifacts');
 */
export function createLocalArtifactStore(root: string): ArtifactStore {
  const pathOf = (digest: string): string => {
    const hex = DIGEST.exec(digest)?.[1];
    if (!hex) throw mpError('MP_ARTIFACT_NOT_FOUND', digest);
    return join(root, 'sha256', hex.slice(0, 2), hex.slice(2));
  };
  return {
    put: (source) => putBlob(root, source, pathOf),
    get: (digest) => verifiedStream(pathOf(digest), digest),
    read: async (digest) => readVerified(pathOf(digest), digest),
    has: async (digest) => (await stat(pathOf(digest)).catch(() => null))?.isFile() ?? false,
    remove: async (digest) => rm(pathOf(digest), { force: true }),
  };
}

async function putBlob(root: string, source: Readable, pathOf: (d: string) => string): Promise<PutResult> {
  const tmpDir = join(root, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, tap, createWriteStream(tmp, { highWaterMark: CHUNK }));
    const digest = `sha256:${hash.digest('hex')}`;
    const target = pathOf(digest);
    if (await stat(target).catch(() => null)) {
      await rm(tmp, { force: true });
      return { digest, sizeBytes, created: false };
    }
    await mkdir(join(target, '..'), { recursive: true });
    await rename(tmp, target);
    return { digest, sizeBytes, created: true };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

function verifiedStream(path: string, digest: string): Readable {
  const hash = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = `sha256:${hash.digest('hex')}`;
      done(actual === digest ? null : mpError('MP_ARTIFACT_CORRUPT', digest, actual));
    },
  });
  const file = createReadStream(path, { highWaterMark: CHUNK });
  file.on('error', (e) => check.destroy(notFoundOr(e, digest)));
  return file.pipe(check);
}

async function readVerified(path: string, digest: string): Promise<Buffer> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw notFoundOr(e, digest);
  });
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) throw mpError('MP_ARTIFACT_CORRUPT', digest, actual);
  return bytes;
}

function notFoundOr(e: unknown, digest: string): Error {
  return (e as { code?: string }).code === 'ENOENT' ? mpError('MP_ARTIFACT_NOT_FOUND', digest) : (e as Error);
}
