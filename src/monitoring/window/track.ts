import type { MonitorWindow } from '../../contract/index.js';
import type { WindowPlan } from './plan.js';
import { emptySketch, type Sketch } from './sketch.js';

/** A window held in memory: open ones take samples; closed ones are kept a while for late labels and rollouts. */
export interface LiveWindow {
  readonly seq: number;
  readonly start: number;
  end: number;
  closed: boolean;
  sketch: Sketch;
  view: MonitorWindow | null;
  /** Changed since it was last saved. */
  dirty: boolean;
}

/** The windows of one version of one endpoint, oldest first. */
export interface Track {
  readonly endpoint: string;
  readonly model: string;
  readonly version: number;
  readonly plan: WindowPlan;
  readonly windows: LiveWindow[];
}

/** Closed windows kept in memory per version (older ones are read from the store when a late label needs them). */
export const CLOSED_KEPT = 200;

/**
 * The window a sample taken at `t` belongs to: the open window whose range holds it, else a new one. Time windows
 * tumble from the clock's multiples of `durationMs`; a sample later than every open window opens the next range
 * that holds it (ranges without samples are skipped), one earlier than all of them joins the oldest open one.
 */
export function windowFor(track: Track, t: number, durationMs: number): LiveWindow {
  const open = track.windows.filter((w) => !w.closed);
  const hit = open.find((w) => w.start <= t && t < w.end);
  if (hit) return hit;
  const last = track.windows.at(-1);
  if (!last || t >= last.end) {
    const start = last ? last.end + Math.floor((t - last.end) / durationMs) * durationMs : Math.floor(t / durationMs) * durationMs;
    return addWindow(track, start, start + durationMs);
  }
  return open[0] ?? addWindow(track, last.end, last.end + durationMs);
}

function addWindow(track: Track, start: number, end: number): LiveWindow {
  const seq = (track.windows.at(-1)?.seq ?? 0) + 1;
  const w: LiveWindow = { seq, start, end, closed: false, sketch: emptySketch(track.plan), view: null, dirty: true };
  track.windows.push(w);
  return w;
}

/** A window that reached its row limit ends right after its newest sample: later samples open the next one. */
export function endOnRows(w: LiveWindow, rowsLimit: number | null, t: number): void {
  if (rowsLimit !== null && w.sketch.rows >= rowsLimit && w.end > t + 1) w.end = t + 1;
}

/** Windows due to close: open ones whose range ended `graceMs` ago (samples are written up to a second late). */
export function dueWindows(track: Track, now: number, graceMs: number): LiveWindow[] {
  return track.windows.filter((w) => !w.closed && now >= w.end + graceMs);
}

/** Drops the oldest closed windows beyond CLOSED_KEPT from memory (they stay in the store). */
export function trimClosed(track: Track): void {
  const closed = track.windows.filter((w) => w.closed);
  const excess = closed.length - CLOSED_KEPT;
  if (excess <= 0) return;
  const gone = new Set(closed.slice(0, excess));
  const kept = track.windows.filter((w) => !gone.has(w));
  track.windows.splice(0, track.windows.length, ...kept);
}

/** The in-memory window of a track covering `t`, if any. */
export function windowAtTime(track: Track, t: number): LiveWindow | undefined {
  return track.windows.find((w) => w.start <= t && t < w.end);
}

export function trackKey(endpoint: string, version: number): string {
  return `${endpoint}\u0000${version}`;
}

/** The sketch as stored once the window closed: the raw values were only needed for its KS tests. */
export function storedSketch(w: LiveWindow): Sketch {
  return w.closed ? { ...w.sketch, reservoirs: w.sketch.reservoirs.map(() => []) } : w.sketch;
}
