export { writeSamples, listSamples } from './sample-repo.js';
export type { Notifier, Notification, NotifyTarget } from './notify/notifier.js';
export { createWebhookNotifier, payload, type WebhookNotifierOptions } from './notify/webhook-notifier.js';
