export { ruleValue, ruleHolds, ruleSubject, describeRule } from './rule-value.js';
export { stepAlert, initialAlertState, ALERT_DEFAULTS, type AlertInput, type AlertChange, type AlertStep } from './alert-machine.js';
export { MONITOR_DEFAULTS } from './_defaults.js';
export { parseMonitorConfig, resolveMonitorConfig, type ResolvedMonitorConfig, type ResolvedAlertRule } from './rules-file.js';
