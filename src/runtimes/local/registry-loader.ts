import type { PlanVersion } from '../../contract/index.js';
import { versionUri } from '../../core/index.js';
import type { InferenceEngine } from '../../engine/index.js';
import type { Registry } from '../../registry/index.js';
import type { VersionLoader } from '../../serving/index.js';
import type { ArtifactStore } from '../../store/index.js';

/**
 * Loads a plan's version for the in-process data plane: bytes read from the artifact store and checked
 * against the plan's digest, feature names and warm-up rows from the registry.
 */
export function createRegistryLoader(deps: { artifacts: ArtifactStore; engine: InferenceEngine; registry: Registry }): VersionLoader {
  return {
    async load(entry: PlanVersion) {
      const uri = versionUri(entry.model, entry.version);
      const [bytes, version, profile] = await Promise.all([
        deps.artifacts.read(entry.digest),
        deps.registry.getVersion(uri),
        deps.registry.getProfile(uri),
      ]);
      const model = await deps.engine.load({ bytes, label: uri });
      return { model, featureNames: version.signature.featureNames, warmupRows: profile?.sampleRows ?? [] };
    },
  };
}
