import type { AlertState, MonitorView, MonitorWindow } from '../contract/index.js';
import { listWindows } from './monitor-repo.js';
import type { MonitorState } from './monitor-state.js';
import { windowDrift } from './window/drift.js';
import { correctCount, labelStats } from './window/label-stats.js';
import { mergeSketches, type Sketch } from './window/sketch.js';
import type { Track } from './window/track.js';
import { windowView, withLabels } from './window/window-view.js';

/**
 * The newest `limit` closed windows of each version of an endpoint (label metrics up to date), each version's open
 * window so far, and the endpoint's alert states.
 */
export async function monitorView(state: MonitorState, endpoint: string, limit: number): Promise<MonitorView> {
  const tracks = [...state.tracks.values()].filter((t) => t.endpoint === endpoint);
  const stored = await listWindows(state.deps.store, endpoint, limit * Math.max(1, tracks.length));
  const versions = tracks.map((track) => {
    const live = new Map(track.windows.filter((w) => w.closed && w.view).map((w) => [w.seq, withLabels(w.view!, w)]));
    const fromStore = stored.filter((w) => w.version === track.version && w.view && !live.has(w.seq)).map((w) => withLabels(w.view!, w));
    const windows = [...live.values(), ...fromStore].sort((a, b) => b.seq - a.seq).slice(0, limit);
    return { model: track.model, version: track.version, open: openView(state, track), windows };
  });
  const alerts = [...state.alerts.values()].filter((a) => a.endpoint === endpoint);
  return { endpoint, versions: versions.sort((a, b) => b.version - a.version), alerts, pendingLabels: state.pending.get(endpoint)?.size ?? 0 };
}

function openView(state: MonitorState, track: Track): MonitorWindow | null {
  const open = track.windows.filter((w) => !w.closed).at(-1);
  return open ? windowView(track, open, state.deps.config, state.deps.traffic(track.endpoint, track.version, open.start)) : null;
}

/** What a version's windows since `since` say, for a rollout's analysis: input drift and label agreement. */
export interface VersionSince {
  readonly rows: number;
  /** Share of features drifted against the version's reference profile, with the counts (null: no profile or too few rows). */
  readonly drift: { readonly share: number; readonly drifted: number; readonly tested: number; readonly names: readonly string[] } | null;
  readonly labelled: number;
  readonly correct: number;
}

/** Merges the version's windows that end after `since` (open one included). Undefined when nothing was sampled. */
export function versionSince(state: MonitorState, endpoint: string, version: number, since: number): VersionSince | undefined {
  const track = [...state.tracks.values()].find((t) => t.endpoint === endpoint && t.version === version);
  const windows = track?.windows.filter((w) => w.end > since) ?? [];
  if (!track || windows.length === 0) return undefined;
  const merged = windows.map((w) => w.sketch).reduce((a: Sketch, b) => mergeSketches(a, b, state.deps.random));
  const { config } = state.deps;
  const drift = merged.rows >= config.minRows ? windowDrift(track.plan, merged, config.drift) : null;
  const labels = labelStats(merged.labels, merged.rows);
  return {
    rows: merged.rows,
    drift: drift && { share: drift.share, drifted: drift.drifted, tested: drift.tested, names: drift.features.filter((f) => f.drifted).map((f) => f.name) },
    labelled: labels.kind === 'classification' ? labels.labelled : 0,
    correct: correctCount(merged.labels),
  };
}

/** One Prometheus sample: a gauge name, its labels and value. */
export interface GaugeSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Gauges of each version's newest closed window, and one per alert state (1 firing, 0 otherwise). */
export function monitorGauges(state: MonitorState): GaugeSample[] {
  const out: GaugeSample[] = [];
  for (const track of state.tracks.values()) {
    const w = track.windows.filter((x) => x.closed && x.view).at(-1);
    if (!w?.view) continue;
    const base = { endpoint: track.endpoint, version: String(track.version) };
    const view = withLabels(w.view, w);
    for (const f of view.drift?.features ?? []) {
      out.push({ name: 'modelpilot_drift_psi', labels: { ...base, feature: f.name }, value: f.psi });
      out.push({ name: 'modelpilot_drift_p_value', labels: { ...base, feature: f.name }, value: f.pValue });
    }
    if (view.drift) out.push({ name: 'modelpilot_drift_share', labels: base, value: view.drift.share });
    if (view.drift?.prediction) out.push({ name: 'modelpilot_prediction_drift_psi', labels: base, value: view.drift.prediction.psi });
    out.push({ name: 'modelpilot_label_coverage', labels: base, value: view.labels.coverage });
    for (const m of ['accuracy', 'f1', 'mae', 'rmse'] as const) {
      const v = view.labels[m];
      if (v !== null) out.push({ name: `modelpilot_live_${m}`, labels: base, value: v });
    }
  }
  for (const a of state.alerts.values()) out.push({ name: 'modelpilot_alert_firing', labels: alertLabels(a), value: a.state === 'firing' ? 1 : 0 });
  return out;
}

function alertLabels(a: AlertState): Record<string, string> {
  return { rule: a.rule, endpoint: a.endpoint, version: String(a.version), severity: a.severity };
}
