import type { GatePolicy, ModelVersion, ReferenceProfile } from '../contract/index.js';
import { isMpError, mpError, type Clock } from '../core/index.js';
import type { InferenceEngine, LoadedModel } from '../engine/index.js';
import type { Registry } from '../registry/index.js';
import type { ArtifactStore } from '../store/index.js';
import type { Holdout } from './data/holdout.js';
import type { Comparand, GateContext, ServiceTarget } from './gate.js';
import { ioOf } from './model/model-io.js';
import { predict, type Predictions } from './model/predict.js';

/** The services the gates use. */
export interface GateDeps {
  readonly registry: Registry;
  readonly artifacts: ArtifactStore;
  readonly engine: InferenceEngine;
  readonly clock: Clock;
}

/** What one run checks the version against. */
export interface GateInputs {
  readonly policy: GatePolicy;
  readonly holdout: Holdout | null;
  readonly profile: ReferenceProfile | null;
  readonly service: ServiceTarget | null;
}

/**
 * A context whose expensive parts load once, on first use; `close()` frees every model it loaded.
 * @example const ctx = createGateContext(version, inputs, deps); try { … } finally { await ctx.close(); }
 */
export function createGateContext(version: ModelVersion, inputs: GateInputs, deps: GateDeps): GateContext & { close(): Promise<void> } {
  const loaded: LoadedModel[] = [];
  const load = async (v: ModelVersion): Promise<LoadedModel> => {
    const model = await deps.engine.load({ bytes: await deps.artifacts.read(v.digest), label: v.uri });
    loaded.push(model);
    return model;
  };
  const artifact = once(async () => new Uint8Array(await deps.artifacts.read(version.digest)));
  const model = once(() => load(version));
  const predictionsOf = async (m: LoadedModel): Promise<Predictions> => {
    const h = inputs.holdout;
    if (!h) throw mpError('MP_GATES_DATA_REQUIRED', 'this gate');
    return predict(m, ioOf(m.signature), h.features, h.rows);
  };
  return {
    ...inputs,
    clock: deps.clock,
    artifact,
    model,
    predictions: once(async () => predictionsOf(await model())),
    async compareWith(ref: string): Promise<Comparand | null> {
      const other = await findVersion(deps.registry, version.model, ref);
      if (!other) return null;
      if (other.version === version.version) return { version: other, predictions: await predictionsOf(await model()) };
      return { version: other, predictions: await predictionsOf(await load(other)) };
    },
    async close() {
      await Promise.all(loaded.map((m) => m.dispose()));
    },
  };
}

async function findVersion(registry: Registry, model: string, ref: string): Promise<ModelVersion | null> {
  const uri = /^\d+$/.test(ref) ? `models:/${model}/${ref}` : `models:/${model}@${ref}`;
  try {
    return await registry.getVersion(uri);
  } catch (e) {
    if (isMpError(e, 'MP_REGISTRY_ALIAS_NOT_FOUND') || isMpError(e, 'MP_REGISTRY_VERSION_NOT_FOUND')) return null;
    throw e;
  }
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}
