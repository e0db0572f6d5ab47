/**
 * Runs tasks one at a time per key (an endpoint), in arrival order; different keys run concurrently.
 * Deploys, rollout steps and rollbacks of one endpoint share one, so plan revisions never interleave.
 * @example const serial = createSerializer(); await serial.run('fraud', () => deploy());
 */
export interface Serializer {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createSerializer(): Serializer {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const next = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
      tails.set(key, next);
      void next.finally(() => tails.get(key) === next && tails.delete(key)).catch(() => undefined);
      return next;
    },
  };
}
