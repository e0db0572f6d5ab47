import type { FeedbackItem, FeedbackResult, PredictionSample } from '../contract/index.js';
import { labelsByRequest, samplesByRequest, saveLabels, saveWindows, windowAt, type SampledPrediction, type StoredLabel } from './monitor-repo.js';
import type { MonitorState } from './monitor-state.js';
import { applyLabel, sameLabel } from './window/apply-label.js';
import type { LabelCounts } from './window/sketch.js';
import { trackKey, windowAtTime } from './window/track.js';

/**
 * Takes delayed ground truth: each label is joined to its request's sampled prediction and counted in that
 * prediction's window (a closed one too, so late labels land where they belong). The same label again changes
 * nothing; a different one replaces the first. Ids with no sample yet are kept and joined when their sample arrives.
 */
export async function receiveFeedback(state: MonitorState, endpoint: string, items: readonly FeedbackItem[]): Promise<FeedbackResult> {
  const { store, clock } = state.deps;
  const latest = new Map(items.map((i) => [i.request_id, i.label as unknown]));
  const ids = [...latest.keys()];
  const [samples, known] = await Promise.all([samplesByRequest(store, endpoint, ids), labelsByRequest(store, endpoint, ids)]);
  const result = { received: items.length, joined: 0, duplicate: 0, corrected: 0, unknown: [] as string[] };
  const save: StoredLabel[] = [];
  const changes: { sample: SampledPrediction; label: unknown; previous: unknown }[] = [];
  for (const [requestId, label] of latest) {
    const before = known.get(requestId);
    if (before && sameLabel(before.label, label)) {
      result.duplicate++;
      if (!before.joined) result.unknown.push(requestId);
      continue;
    }
    const sample = samples.get(requestId);
    save.push({ endpoint, requestId, label, joined: sample !== undefined });
    if (!sample) result.unknown.push(requestId);
    else {
      changes.push({ sample, label, previous: before?.joined ? before.label : undefined });
      if (before?.joined) result.corrected++;
      else result.joined++;
    }
  }
  await saveLabels(store, save, new Date(clock.now()).toISOString());
  const pending = pendingMap(state, endpoint);
  for (const l of save) {
    if (l.joined) pending.delete(l.requestId);
    else pending.set(l.requestId, l.label);
  }
  for (const c of changes) await countLabel(state, c.sample, c.label, c.previous);
  return result;
}

/** Labels that arrived before their sample: joined now that the samples are written. */
export async function joinPending(state: MonitorState, samples: readonly PredictionSample[]): Promise<void> {
  const joined: StoredLabel[] = [];
  for (const s of samples) {
    const pending = state.pending.get(s.endpoint);
    if (!pending?.has(s.requestId)) continue;
    const label = pending.get(s.requestId);
    pending.delete(s.requestId);
    await countLabel(state, { ...s, rows: s.inputs.length }, label, undefined);
    joined.push({ endpoint: s.endpoint, requestId: s.requestId, label, joined: true });
  }
  await saveLabels(state.deps.store, joined, new Date(state.deps.clock.now()).toISOString());
}

export function pendingMap(state: MonitorState, endpoint: string): Map<string, unknown> {
  let m = state.pending.get(endpoint);
  if (!m) state.pending.set(endpoint, (m = new Map()));
  return m;
}

/** Counts a label in the window of its prediction: in memory when the window is, else in its stored row. */
async function countLabel(state: MonitorState, sample: SampledPrediction, label: unknown, previous: unknown): Promise<void> {
  const track = state.tracks.get(trackKey(sample.endpoint, sample.version));
  const t = Date.parse(sample.at);
  const count = (labels: LabelCounts): void => {
    if (previous !== undefined) applyLabel(labels, sample.outputs, previous, -1);
    applyLabel(labels, sample.outputs, label, 1);
  };
  const live = track && windowAtTime(track, t);
  if (live) {
    count(live.sketch.labels);
    live.dirty = true;
    return;
  }
  const stored = await windowAt(state.deps.store, sample.endpoint, sample.version, sample.at);
  if (!stored) return;
  count(stored.sketch.labels);
  await saveWindows(state.deps.store, [stored]);
}
