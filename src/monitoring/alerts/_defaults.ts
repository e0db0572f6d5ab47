/** Defaults of an alert rule, named once (the contract's AlertRule documents them). */
export const ALERT_DEFAULTS = Object.freeze({
  /** Windows in a row the condition must hold before the alert fires. */
  for: 1,
  /** After a firing notification, the same alert stays quiet this long: a flapping alert is not re-notified. */
  cooldownMs: 600_000,
  /** Label metrics (accuracy … rmse) say nothing until a window has this many labels. */
  minLabels: 50,
});

/** Defaults of the monitoring file (`modelpilot serve --monitor monitor.yaml`), named once. */
export const MONITOR_DEFAULTS = Object.freeze({
  /** Tumbling windows of one minute, aligned to the clock. */
  windowMs: 60_000,
  /** A window with fewer predicted rows gets no drift verdict. */
  minRows: 100,
  /** A feature drifted when its p-value is below `pValue` and its PSI at least `psi`; the dataset when `share` of features did (as Evidently). */
  drift: Object.freeze({ pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' as const }),
  /** Closed windows, samples and labels are kept a week. */
  retentionMs: 7 * 86_400_000,
});
