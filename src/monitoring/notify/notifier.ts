/** Where a notification goes and in which shape: plain JSON, or Slack's incoming-webhook `{ text }`. */
export interface NotifyTarget {
  readonly url: string;
  readonly format?: 'json' | 'slack' | undefined;
}

/** Something worth telling people about (a rollout step, a promotion, an alert firing…). */
export interface Notification {
  readonly kind: string;
  readonly subject: string;
  readonly message: string;
  readonly at: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Sends notifications without ever blocking the caller; delivery problems are retried, then logged. */
export interface Notifier {
  send(targets: readonly NotifyTarget[], notification: Notification): void;
}
