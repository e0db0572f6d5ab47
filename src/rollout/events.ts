import type { RolloutSnapshot } from '../contract/index.js';

/** Live rollout changes for the SSE stream (`/api/v1/events`): every saved snapshot is published. */
export interface RolloutEvents {
  publish(s: RolloutSnapshot): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (s: RolloutSnapshot) => void): () => void;
}

/** @example const events = createRolloutEvents(); const stop = events.subscribe((s) => console.log(s.phase)); */
export function createRolloutEvents(): RolloutEvents {
  const listeners = new Set<(s: RolloutSnapshot) => void>();
  return {
    publish(s) {
      for (const listener of listeners) listener(s);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
