import type { Readable } from 'node:stream';

/** What storing bytes produced. `created` is false when the same bytes were already stored. */
export interface PutResult {
  readonly digest: string;
  readonly sizeBytes: number;
  readonly created: boolean;
}

/**
 * Content-addressed blobs (`sha256:<hex>` digests). Every read is checked against the digest.
 */
export interface ArtifactStore {
  /** Streams bytes in, hashing on the way; never holds the whole blob in memory. */
  put(source: Readable): Promise<PutResult>;
  /** Streams a blob out; the stream errors with MP_ARTIFACT_CORRUPT if the bytes no longer match. */
  get(digest: string): Readable;
  /** Reads a whole blob into memory after checking it (for loading a model into the engine). */
  read(digest: string): Promise<Buffer>;
  has(digest: string): Promise<boolean>;
  /** Removes a blob no version refers to (a registration that failed after storing it). */
  remove(digest: string): Promise<void>;
}
