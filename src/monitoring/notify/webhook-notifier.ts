import type { Clock } from '../../core/index.js';
import type { Notification, Notifier, NotifyTarget } from './notifier.js';

export interface WebhookNotifierOptions {
  readonly clock: Clock;
  /** Tries per target; the waits between them double from `firstBackoffMs`. */
  readonly attempts: number;
  readonly firstBackoffMs: number;
  readonly timeoutMs: number;
  readonly onGiveUp: (target: NotifyTarget, error: string) => void;
  /** Injected for tests of the retry logic; the real one is the global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * POSTs notifications to webhooks, as JSON or as a Slack-compatible payload, with retries and exponential
 * backoff. `send` returns at once: a failing webhook never blocks a rollout or an alert.
 * @example createWebhookNotifier({ clock, attempts: 4, firstBackoffMs: 500, timeoutMs: 5000, onGiveUp: log })
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const post = options.fetch ?? fetch;
  const attempt = (target: NotifyTarget, body: string, n: number): void => {
    const controller = new AbortController();
    const timer = options.clock.setTimeout(() => controller.abort(), options.timeoutMs);
    void post(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
      })
      .catch((e: unknown) => {
        const reason = (e as Error).message ?? String(e);
        if (n + 1 >= options.attempts) options.onGiveUp(target, reason);
        else options.clock.setTimeout(() => attempt(target, body, n + 1), options.firstBackoffMs * 2 ** n);
      })
      .finally(() => options.clock.clearTimeout(timer));
  };
  return {
    send(targets, notification) {
      for (const target of targets) attempt(target, payload(target, notification), 0);
    },
  };
}

/** The body for one target: the notification as JSON, or Slack's `{ text }` with a readable line. */
export function payload(target: NotifyTarget, n: Notification): string {
  if (target.format === 'slack') return JSON.stringify({ text: `*modelpilot* ${n.kind}: ${n.subject} — ${n.message}` });
  return JSON.stringify({ source: 'modelpilot', ...n });
}
