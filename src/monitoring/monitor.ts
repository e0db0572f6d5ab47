import { LABEL_METRICS, type FeedbackItem, type FeedbackResult, type PredictionSample } from '../contract/index.js';
import { alertKey, evaluateWindow, type AlertOutcome } from './alerting.js';
import { joinPending, pendingMap, receiveFeedback } from './feedback.js';
import { deleteWindow, loadAlertStates, loadWindows, pendingLabels, prune, saveAlertStates, saveWindows, type StoredWindow } from './monitor-repo.js';
import { CLOSE_GRACE_MS, type MonitorDeps, type MonitorState } from './monitor-state.js';
import { planOf } from './window/plan.js';
import { addSample } from './window/sketch.js';
import { CLOSED_KEPT, dueWindows, endOnRows, storedSketch, trackKey, trimClosed, windowFor, type LiveWindow, type Track } from './window/track.js';
import { windowView, withLabels } from './window/window-view.js';

export type { MonitorDeps } from './monitor-state.js';

/** How often stale data is pruned. */
const PRUNE_EVERY_MS = 3_600_000;
/**
 * How often open windows are saved (closed ones are saved as they close). Each save writes the window's reservoirs
 * on the event loop; a kill -9 loses at most this much of an open window (a clean stop saves everything).
 */
const OPEN_SAVE_EVERY_MS = 10_000;

/**
 * Production monitoring of every served version: sampled predictions folded into tumbling windows (binned like the
 * version's reference profile), drift and live label metrics per window, alert rules stepped on each closed window.
 * State lives in the store, so windows, labels and alerts survive a restart. Calls run one at a time.
 * @example const monitor = createMonitor(deps); await monitor.start(); sink.write = (s) => monitor.observe(s);
 */
export function createMonitor(deps: MonitorDeps) {
  const state: MonitorState = { deps, tracks: new Map(), pending: new Map(), alerts: new Map() };
  let chain: Promise<unknown> = Promise.resolve();
  let prunedAt = 0;
  let openSavedAt = 0;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    state,
    /** Loads open and recent windows, waiting labels and alert states from the store. */
    start: (): Promise<void> => serial(() => load(state)),
    /** Folds written samples into their windows and joins labels that were waiting for them. */
    observe: (samples: readonly PredictionSample[]): Promise<void> => serial(() => observe(state, samples)),
    /** Closes due windows (drift, alerts, notifications), saves changed windows, prunes old data hourly. */
    tick: (): Promise<void> =>
      serial(async () => {
        await closeDue(state, deps.clock.now());
        if (deps.clock.now() - openSavedAt >= OPEN_SAVE_EVERY_MS) {
          openSavedAt = deps.clock.now();
          await persist(state, true);
        }
        if (deps.clock.now() - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = deps.clock.now();
          await prune(deps.store, new Date(prunedAt - deps.config.retentionMs).toISOString());
          await loadPending(state);
        }
      }),
    feedback: (endpoint: string, items: readonly FeedbackItem[]): Promise<FeedbackResult> => serial(() => receiveFeedback(state, endpoint, items)),
    /** Saves every window (a stopping server keeps its open windows). */
    flush: (): Promise<void> => serial(() => persist(state, true)),
  };
}

export type Monitor = ReturnType<typeof createMonitor>;

async function load(state: MonitorState): Promise<void> {
  const { store } = state.deps;
  for (const w of await loadWindows(store, CLOSED_KEPT)) {
    const track = await trackOf(state, w.endpoint, w.model, w.version);
    track.windows.push({ seq: w.seq, start: w.start, end: w.end, closed: w.closed, sketch: w.sketch, view: w.view, dirty: false });
  }
  await loadPending(state);
  for (const a of await loadAlertStates(store)) state.alerts.set(alertKey(a.rule, a.endpoint, a.version), a);
}

/** Labels still waiting for their sample, as the store has them (pruning drops the expired ones). */
async function loadPending(state: MonitorState): Promise<void> {
  state.pending.clear();
  for (const l of await pendingLabels(state.deps.store)) pendingMap(state, l.endpoint).set(l.requestId, l.label);
}

async function trackOf(state: MonitorState, endpoint: string, model: string, version: number): Promise<Track> {
  const key = trackKey(endpoint, version);
  let track = state.tracks.get(key);
  if (!track) {
    const profile = await state.deps.profileOf(model, version).catch((e: unknown) => {
      state.deps.warn(e, `reading the reference profile of ${model}/${version} failed; its windows get no drift`);
      return null;
    });
    track = { endpoint, model, version, plan: planOf(profile), windows: [] };
    state.tracks.set(key, track);
  }
  return track;
}

async function observe(state: MonitorState, samples: readonly PredictionSample[]): Promise<void> {
  const { config, random } = state.deps;
  for (const s of samples) {
    const track = await trackOf(state, s.endpoint, s.model, s.version);
    const t = Date.parse(s.at);
    const w = windowFor(track, t, config.window.durationMs);
    addSample(track.plan, w.sketch, s, random);
    w.dirty = true;
    endOnRows(w, config.window.rows, t);
  }
  await joinPending(state, samples);
}

async function closeDue(state: MonitorState, now: number): Promise<void> {
  const outcome: AlertOutcome = { states: [], audits: [], notifications: [] };
  const gone: StoredWindow[] = [];
  for (const track of state.tracks.values()) {
    for (const w of dueWindows(track, now, CLOSE_GRACE_MS)) {
      if (w.sketch.samples > 0) merge(outcome, closeOrDrop(state, track, w, now, gone));
      else gone.push(stored(track, w));
    }
    // A window that never got a sample (a restart in its range) is not kept: there is nothing to show.
    track.windows.splice(0, track.windows.length, ...track.windows.filter((w) => !gone.some((g) => g.seq === w.seq && g.endpoint === track.endpoint && g.version === track.version)));
    merge(outcome, labelRules(state, track, now));
  }
  for (const w of gone) await deleteWindow(state.deps.store, w);
  await persist(state, false);
  // Only saved windows leave memory.
  for (const track of state.tracks.values()) trimClosed(track);
  await saveAlertStates(state.deps.store, outcome.states, outcome.audits, new Date(now).toISOString());
  for (const n of outcome.notifications) state.deps.notifier.send(state.deps.config.notify, n);
}

/** A window that cannot be closed (a damaged stored sketch) is dropped with a warning rather than retried every tick. */
function closeOrDrop(state: MonitorState, track: Track, w: LiveWindow, now: number, gone: StoredWindow[]): AlertOutcome {
  try {
    return closeWindow(state, track, w, now);
  } catch (e) {
    state.deps.warn(e, `window ${w.seq} of ${track.endpoint} v${track.version} could not be closed and was dropped`);
    gone.push(stored(track, w));
    return { states: [], audits: [], notifications: [] };
  }
}

function closeWindow(state: MonitorState, track: Track, w: LiveWindow, now: number): AlertOutcome {
  const { config } = state.deps;
  w.closed = true;
  w.view = windowView(track, w, config, state.deps.traffic(track.endpoint, track.version, w.start));
  w.sketch = storedSketch(w);
  w.dirty = true;
  return evaluateWindow(config.rules, state.alerts, w.view, false, now);
}

/** Label-metric rules step on each closed window once it holds enough labels, oldest first. */
function labelRules(state: MonitorState, track: Track, now: number): AlertOutcome {
  const outcome: AlertOutcome = { states: [], audits: [], notifications: [] };
  if (!state.deps.config.rules.some((r) => LABEL_METRICS.includes(r.metric))) return outcome;
  for (const w of track.windows) {
    if (w.closed && w.view) merge(outcome, evaluateWindow(state.deps.config.rules, state.alerts, withLabels(w.view, w), true, now));
  }
  return outcome;
}

function merge(into: AlertOutcome, from: AlertOutcome): void {
  into.states.push(...from.states);
  into.audits.push(...from.audits);
  into.notifications.push(...from.notifications);
}

/** Saves changed windows: closed ones always, open ones when `open` (they change with every sample). */
async function persist(state: MonitorState, open: boolean): Promise<void> {
  const dirty = [...state.tracks.values()].flatMap((track) => track.windows.filter((w) => w.dirty && (open || w.closed)).map((w) => ({ track, w })));
  await saveWindows(state.deps.store, dirty.map(({ track, w }) => stored(track, w)));
  for (const { w } of dirty) w.dirty = false;
}

function stored(track: Track, w: LiveWindow): StoredWindow {
  return { endpoint: track.endpoint, model: track.model, version: track.version, seq: w.seq, start: w.start, end: w.end, closed: w.closed, sketch: storedSketch(w), view: w.view };
}
