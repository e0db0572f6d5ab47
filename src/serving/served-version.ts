import type { PlanVersion } from '../contract/index.js';
import type { LoadedModel } from '../engine/index.js';
import type { ArmRecorder } from './arm-recorder.js';
import type { Batcher, BatchResult } from './batcher.js';
import type { Feeds } from './feeds.js';
import type { ModelLayout } from './model-layout.js';

/** A version loaded, warmed up and serving; disposed only after its last in-flight request. */
export interface ServedVersion {
  readonly endpoint: string;
  /** Raw observations for the rollout judge. */
  readonly recorder: ArmRecorder;
  readonly entry: PlanVersion;
  readonly layout: ModelLayout;
  readonly inflight: number;
  infer(feeds: Feeds): Promise<BatchResult>;
  /** Stops taking part in new plans; resolves once in-flight work is done and the session is freed. */
  retire(): Promise<void>;
}

/**
 * Wraps a loaded model and its batcher, so a swap never frees a session that is still answering someone:
 * the batcher's depth is the version's in-flight count.
 */
export function createServedVersion(
  endpoint: string,
  entry: PlanVersion,
  layout: ModelLayout,
  model: LoadedModel,
  batcher: Batcher,
  recorder: ArmRecorder,
): ServedVersion {
  let retired: Promise<void> | undefined;
  return {
    endpoint,
    recorder,
    entry,
    layout,
    get inflight() {
      return batcher.depth;
    },
    infer: (feeds) => batcher.submit(feeds),
    retire() {
      retired ??= batcher.idle().then(() => model.dispose());
      return retired;
    },
  };
}
