import { isoTime } from '../core/index.js';
import { createOnnxEngine } from '../engine/index.js';
import { createRegistry, type Registry } from '../registry/index.js';
import { createLocalArtifactStore, createStore } from '../store/index.js';
import type { Config } from './config.js';
import { createSystemClock } from './system-clock.js';

/** A registry wired to the configured store, artifact folder and onnxruntime, plus how to release it. */
export interface OpenRegistry {
  readonly registry: Registry;
  close(): Promise<void>;
}

/**
 * The composition root for registry commands.
 * @example const { registry, close } = await openRegistry(resolveConfig({})); try { … } finally { await close(); }
 */
export async function openRegistry(config: Config): Promise<OpenRegistry> {
  const clock = createSystemClock();
  const store = await createStore(config.db, { busyTimeoutMs: config.sqliteBusyTimeoutMs, now: isoTime(clock.now()) });
  const registry = createRegistry({
    store,
    artifacts: createLocalArtifactStore(config.artifactsDir),
    engine: createOnnxEngine(),
    clock,
    actor: config.actor,
  });
  return { registry, close: () => store.close() };
}
