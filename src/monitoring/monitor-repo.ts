import type { AlertState, MonitorWindow, PredictionSample } from '../contract/index.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import type { Store } from '../store/index.js';
import type { Sketch } from './window/sketch.js';

/** A window as stored: its sketch (counts; reservoirs only while open) and the view computed when it closed. */
export interface StoredWindow {
  readonly endpoint: string;
  readonly model: string;
  readonly version: number;
  readonly seq: number;
  readonly start: number;
  readonly end: number;
  readonly closed: boolean;
  readonly sketch: Sketch;
  readonly view: MonitorWindow | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Inserts or replaces windows (one transaction). */
export async function saveWindows(store: Store, windows: readonly StoredWindow[]): Promise<void> {
  if (windows.length === 0) return;
  await store.transaction(async (trx) => {
    for (const w of windows) {
      const row = { model: w.model, start_at: iso(w.start), end_at: iso(w.end), closed: w.closed ? 1 : 0, sketch: JSON.stringify(w.sketch), view: JSON.stringify(w.view) };
      await trx
        .insertInto('monitor_windows')
        .values({ endpoint: w.endpoint, version: w.version, seq: w.seq, ...row })
        .onConflict((oc) => oc.columns(['endpoint', 'version', 'seq']).doUpdateSet(row))
        .execute();
    }
  });
}

export async function deleteWindow(store: Store, w: Pick<StoredWindow, 'endpoint' | 'version' | 'seq'>): Promise<void> {
  await store.query((db) => db.deleteFrom('monitor_windows').where('endpoint', '=', w.endpoint).where('version', '=', w.version).where('seq', '=', w.seq).execute());
}

/** Open windows, and the newest `recent` closed windows of every version that has any, oldest first. */
export async function loadWindows(store: Store, recent: number): Promise<StoredWindow[]> {
  const versions = await store.query((db) => db.selectFrom('monitor_windows').select(['endpoint', 'version']).distinct().execute());
  const out: StoredWindow[] = [];
  for (const v of versions) {
    const of = (closed: number, limit: number) =>
      store.query((db) => db.selectFrom('monitor_windows').selectAll().where('endpoint', '=', v.endpoint).where('version', '=', v.version).where('closed', '=', closed).orderBy('seq', 'desc').limit(limit).execute());
    const [open, closed] = await Promise.all([of(0, 1000), of(1, recent)]);
    out.push(...[...open, ...closed].map(fromRow).sort((a, b) => a.seq - b.seq));
  }
  return out;
}

/** The stored window of a version that covers `at` (for a label older than the windows kept in memory). */
export async function windowAt(store: Store, endpoint: string, version: number, at: string): Promise<StoredWindow | undefined> {
  const r = await store.query((db) =>
    db.selectFrom('monitor_windows').selectAll().where('endpoint', '=', endpoint).where('version', '=', version).where('start_at', '<=', at).where('end_at', '>', at).executeTakeFirst(),
  );
  return r && fromRow(r);
}

/** Closed windows of an endpoint, newest first. */
export async function listWindows(store: Store, endpoint: string, limit: number): Promise<StoredWindow[]> {
  const rows = await store.query((db) => db.selectFrom('monitor_windows').selectAll().where('endpoint', '=', endpoint).where('closed', '=', 1).orderBy('end_at', 'desc').limit(limit).execute());
  return rows.map(fromRow);
}

function fromRow(r: { endpoint: string; model: string; version: number; seq: number; start_at: string; end_at: string; closed: number; sketch: string; view: string }): StoredWindow {
  return {
    endpoint: r.endpoint,
    model: r.model,
    version: Number(r.version),
    seq: Number(r.seq),
    start: Date.parse(r.start_at),
    end: Date.parse(r.end_at),
    closed: Number(r.closed) === 1,
    sketch: JSON.parse(r.sketch) as Sketch,
    view: JSON.parse(r.view) as MonitorWindow | null,
  };
}

/** A sampled prediction found by request id. */
export type SampledPrediction = Pick<PredictionSample, 'endpoint' | 'model' | 'version' | 'requestId' | 'at' | 'outputs'> & { readonly rows: number };

/** The sampled predictions of these request ids (at most one each: the first sampled). */
export async function samplesByRequest(store: Store, endpoint: string, ids: readonly string[]): Promise<Map<string, SampledPrediction>> {
  const out = new Map<string, SampledPrediction>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await store.query((db) =>
      db.selectFrom('prediction_samples').select(['model', 'version', 'request_id', 'at', 'inputs', 'outputs']).where('endpoint', '=', endpoint).where('request_id', 'in', chunk).orderBy('id').execute(),
    );
    for (const r of rows) {
      if (out.has(r.request_id)) continue;
      const rows = (JSON.parse(r.inputs) as unknown[]).length;
      out.set(r.request_id, { endpoint, model: r.model, version: Number(r.version), requestId: r.request_id, at: r.at, rows, outputs: JSON.parse(r.outputs) as PredictionSample['outputs'] });
    }
  }
  return out;
}

/** A stored label, joined or still waiting for its prediction's sample. */
export interface StoredLabel {
  readonly endpoint: string;
  readonly requestId: string;
  readonly label: unknown;
  readonly joined: boolean;
}

export async function labelsByRequest(store: Store, endpoint: string, ids: readonly string[]): Promise<Map<string, StoredLabel>> {
  const out = new Map<string, StoredLabel>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await store.query((db) => db.selectFrom('feedback_labels').selectAll().where('endpoint', '=', endpoint).where('request_id', 'in', chunk).execute());
    for (const r of rows) out.set(r.request_id, { endpoint, requestId: r.request_id, label: JSON.parse(r.label) as unknown, joined: Number(r.joined) === 1 });
  }
  return out;
}

/** Labels that no sampled prediction matched yet. */
export async function pendingLabels(store: Store): Promise<StoredLabel[]> {
  const rows = await store.query((db) => db.selectFrom('feedback_labels').selectAll().where('joined', '=', 0).execute());
  return rows.map((r) => ({ endpoint: r.endpoint, requestId: r.request_id, label: JSON.parse(r.label) as unknown, joined: false }));
}

/** Inserts or replaces labels (one transaction). */
export async function saveLabels(store: Store, labels: readonly StoredLabel[], at: string): Promise<void> {
  if (labels.length === 0) return;
  await store.transaction(async (trx) => {
    for (const l of labels) {
      const row = { label: JSON.stringify(l.label), received_at: at, joined: l.joined ? 1 : 0 };
      await trx
        .insertInto('feedback_labels')
        .values({ endpoint: l.endpoint, request_id: l.requestId, ...row })
        .onConflict((oc) => oc.columns(['endpoint', 'request_id']).doUpdateSet(row))
        .execute();
    }
  });
}

export async function loadAlertStates(store: Store): Promise<AlertState[]> {
  const rows = await store.query((db) => db.selectFrom('alert_states').select('state').execute());
  return rows.map((r) => JSON.parse(r.state) as AlertState);
}

/** Saves alert states and audits their changes in the same transaction. */
export async function saveAlertStates(store: Store, states: readonly AlertState[], audits: readonly AuditEntry[], at: string): Promise<void> {
  if (states.length === 0 && audits.length === 0) return;
  await store.transaction(async (trx) => {
    for (const s of states) {
      await trx
        .insertInto('alert_states')
        .values({ rule: s.rule, endpoint: s.endpoint, version: s.version, state: JSON.stringify(s) })
        .onConflict((oc) => oc.columns(['rule', 'endpoint', 'version']).doUpdateSet({ state: JSON.stringify(s) }))
        .execute();
    }
    if (audits.length) await recordAudit(trx, at, audits);
  });
}

/** Deletes closed windows, samples and labels older than `before`; returns how many rows went. */
export async function prune(store: Store, before: string): Promise<number> {
  return store.transaction(async (trx) => {
    const w = await trx.deleteFrom('monitor_windows').where('closed', '=', 1).where('end_at', '<', before).executeTakeFirst();
    const s = await trx.deleteFrom('prediction_samples').where('at', '<', before).executeTakeFirst();
    const l = await trx.deleteFrom('feedback_labels').where('received_at', '<', before).executeTakeFirst();
    return Number(w.numDeletedRows) + Number(s.numDeletedRows) + Number(l.numDeletedRows);
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i++) (out[Math.floor(i / size)] ??= []).push(items[i]!);
  return out;
}
