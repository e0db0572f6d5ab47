import type { PredictionSample } from '../contract/index.js';
import type { Store } from '../store/index.js';

/**
 * Writes sampled predictions in one multi-row insert per batch (the data plane's sampler calls this).
 * @example const sink = { write: (s) => writeSamples(store, s) };
 */
export async function writeSamples(store: Store, samples: readonly PredictionSample[]): Promise<void> {
  if (samples.length === 0) return;
  await store.query((db) =>
    db
      .insertInto('prediction_samples')
      .values(
        samples.map((s) => ({
          endpoint: s.endpoint,
          model: s.model,
          version: s.version,
          request_id: s.requestId,
          at: s.at,
          latency_ms: s.latencyMs,
          inputs: JSON.stringify(s.inputs),
          outputs: JSON.stringify(s.outputs),
        })),
      )
      .execute(),
  );
}

/** Samples of an endpoint, newest first. */
export async function listSamples(store: Store, endpoint: string, limit = 100): Promise<PredictionSample[]> {
  const rows = await store.query((db) => db.selectFrom('prediction_samples').selectAll().where('endpoint', '=', endpoint).orderBy('id', 'desc').limit(limit).execute());
  return rows.map((r) => ({
    endpoint: r.endpoint,
    model: r.model,
    version: r.version,
    requestId: r.request_id,
    at: r.at,
    latencyMs: Number(r.latency_ms),
    inputs: JSON.parse(r.inputs) as PredictionSample['inputs'],
    outputs: JSON.parse(r.outputs) as PredictionSample['outputs'],
  }));
}
