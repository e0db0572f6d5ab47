import { isoTime, type Clock } from '../core/index.js';
import { createOnnxEngine, type InferenceEngine } from '../engine/index.js';
import { createRegistry, type Registry } from '../registry/index.js';
import { createLocalArtifactStore, createStore, type ArtifactStore } from '../store/index.js';
import type { Config } from './config.js';
import { createSystemClock } from './system-clock.js';

/** A registry wired to the configured store, artifact folder and onnxruntime, plus how to release it. */
export interface OpenRegistry {
  readonly registry: Registry;
  /** The same artifact store, engine and clock the registry uses (validation gates need them too). */
  readonly artifacts: ArtifactStore;
  readonly engine: InferenceEngine;
  readonly clock: Clock;
  close(): Promise<void>;
}

/**
 * The composition root for registry commands.
 * @example const { registry, close } = await openRegistry(resolveConfig({})); try { … } finally { await close(); }
 */
export async function openRegistry(config: Config): Promise<OpenRegistry> {
  const clock = createSystemClock();
  const store = await createStore(config.db, { busyTimeoutMs: config.sqliteBusyTimeoutMs, now: isoTime(clock.now()) });
  const artifacts = createLocalArtifactStore(config.artifactsDir);
  const engine = createOnnxEngine();
  const registry = createRegistry({ store, artifacts, engine, clock, actor: config.actor });
  return { registry, artifacts, engine, clock, close: () => store.close() };
}
