import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestClock, isoTime, type TestClock } from '../../src/core/index.js';
import { createOnnxEngine } from '../../src/engine/index.js';
import { createRegistry, type Registry } from '../../src/registry/index.js';
import { createLocalArtifactStore, createStore, type ArtifactStore, type Store } from '../../src/store/index.js';
import { freshDatabase, type TestDatabase } from './databases.js';

export interface RegistryHarness {
  readonly registry: Registry;
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly artifactsDir: string;
  readonly clock: TestClock;
  readonly db: TestDatabase;
  /** The same store and artifacts acting as someone else. */
  as(actor: string): Registry;
  close(): Promise<void>;
}

/** A registry over a fresh database of the given kind, real artifacts folder, real onnxruntime, test clock. */
export async function openHarness(kind: 'sqlite' | 'postgres', start = Date.UTC(2026, 0, 15, 12)): Promise<RegistryHarness> {
  const db = await freshDatabase(kind);
  const clock = createTestClock(start);
  const store = await createStore(db.url, { now: isoTime(clock.now()) });
  const artifactsDir = join(mkdtempSync(join(tmpdir(), 'mp-artifacts-')), 'artifacts');
  const artifacts = createLocalArtifactStore(artifactsDir);
  const engine = createOnnxEngine();
  const as = (actor: string): Registry => createRegistry({ store, artifacts, engine, clock, actor });
  return {
    registry: as('tester'),
    store,
    artifacts,
    artifactsDir,
    clock,
    db,
    as,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
