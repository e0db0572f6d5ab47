import type { MonitorWindow, WindowTraffic } from '../../contract/index.js';
import { windowDrift, type DriftThresholds } from './drift.js';
import { labelStats } from './label-stats.js';
import type { LiveWindow, Track } from './track.js';

/**
 * What a window shows: its drift (once it holds `minRows` rows), predicted classes, live label metrics and traffic.
 * @example windowView(track, w, { minRows: 100, drift }, traffic)
 */
export function windowView(track: Track, w: LiveWindow, settings: { readonly minRows: number; readonly drift: DriftThresholds }, traffic: WindowTraffic | null): MonitorWindow {
  const s = w.sketch;
  return {
    endpoint: track.endpoint,
    model: track.model,
    version: track.version,
    seq: w.seq,
    start: new Date(w.start).toISOString(),
    end: new Date(w.end).toISOString(),
    closed: w.closed,
    samples: s.samples,
    rows: s.rows,
    drift: s.rows >= settings.minRows ? windowDrift(track.plan, s, settings.drift) : null,
    predictedClasses: Object.keys(s.classes).length ? { ...s.classes } : null,
    scores: s.scores.some((n) => n > 0) ? [...s.scores] : null,
    labels: labelStats(s.labels, s.rows),
    traffic,
  };
}

/** A stored view with its label metrics brought up to date (late labels change a closed window's sketch only). */
export function withLabels(view: MonitorWindow, w: Pick<LiveWindow, 'sketch'>): MonitorWindow {
  return { ...view, labels: labelStats(w.sketch.labels, w.sketch.rows) };
}
