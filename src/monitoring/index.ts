export { writeSamples, listSamples } from './sample-repo.js';
export type { Notifier, Notification, NotifyTarget } from './notify/notifier.js';
export { createWebhookNotifier, payload, type WebhookNotifierOptions } from './notify/webhook-notifier.js';
export { createMonitor, type Monitor, type MonitorDeps } from './monitor.js';
export { monitorView, versionSince, monitorGauges, type VersionSince, type GaugeSample } from './monitor-read.js';
export { parseMonitorConfig, resolveMonitorConfig, ALERT_DEFAULTS, type ResolvedMonitorConfig } from './alerts/index.js';
export { windowDrift, featureDrift, type DriftThresholds } from './window/drift.js';
export { planOf, type WindowPlan } from './window/plan.js';
export { addSample, emptySketch, type Sketch } from './window/sketch.js';
