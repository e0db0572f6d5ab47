import { describe, expect, it } from 'vitest';
import { isMpError } from '../../core/index.js';
import { MONITOR_DEFAULTS } from './_defaults.js';
import { parseMonitorConfig, resolveMonitorConfig } from './rules-file.js';

const YAML = `
window: { duration: 5m, rows: 1000 }
minRows: 200
drift: { psi: 0.2, test: ks }
retention: 30d
rules:
  - name: carat-drift
    metric: featurePsi
    feature: carat
    op: ">"
    threshold: 0.2
    for: 3
    cooldown: 1h
  - name: accuracy-floor
    metric: accuracy
    op: "<"
    threshold: 0.85
    severity: critical
    minLabels: 20
notify:
  - url: https://hooks.example/alerts
    format: slack
`;

/** The MP_POLICY_INVALID message parsing `text` throws (fails the test when it parses). */
function problemOf(text: string): string {
  try {
    parseMonitorConfig(text, 'file monitor.yaml');
  } catch (e) {
    if (isMpError(e, 'MP_POLICY_INVALID')) return e.message;
    throw e;
  }
  throw new Error('expected MP_POLICY_INVALID');
}

/** A file with one rule r1 (op `>` unless `fields` gives one). */
const oneRule = (fields: string): string => `rules:\n  - { name: r1, threshold: 1, ${fields.includes('op:') ? '' : 'op: ">", '}${fields} }\n`;

describe('parseMonitorConfig', () => {
  it('reads YAML and JSON alike', () => {
    const fromYaml = parseMonitorConfig(YAML, 'monitor.yaml');
    expect(fromYaml.rules?.map((r) => r.name)).toEqual(['carat-drift', 'accuracy-floor']);
    expect(parseMonitorConfig(JSON.stringify(fromYaml), 'monitor.json')).toEqual(fromYaml);
  });

  it('takes an empty file as every default', () => {
    expect(parseMonitorConfig('', 'monitor.yaml')).toEqual({});
    expect(parseMonitorConfig('# nothing yet\n', 'monitor.yaml')).toEqual({});
  });

  it.each([
    ['bad YAML', 'rules: [\n  - name: a\n', ['file monitor.yaml is invalid', 'not YAML or JSON']],
    ['not an object', '- 1\n- 2\n', ['file monitor.yaml is invalid', '/ ']],
    ['an unknown field', 'rulez: []\n', ['unknown field(s) rulez']],
    ['an unknown metric', oneRule('metric: psi'), ["rule 'r1': metric 'psi' is not one of featurePsi, featureJs,", 'latencyP99']],
    ['an unknown op', oneRule('metric: errorRate, op: "=>"'), ["rule 'r1': op '=>' is not one of >, >=, <, <="]],
    ['an unknown severity', oneRule('metric: errorRate, severity: page'), ["rule 'r1': severity 'page' is not one of info, warning, critical"]],
    ['a malformed cooldown', oneRule('metric: errorRate, cooldown: 10 min'), ["rule 'r1': cooldown '10 min' is not a duration like 90s, 10m, 1h, 7d"]],
    ['a malformed window duration', 'window: { duration: 1w }\n', ["window.duration '1w' is not a duration"]],
    ['a malformed retention', 'retention: -5\n', ['retention -5 is not a duration']],
    ['a zero-length window', 'window: { duration: 0s }\n', ['window.duration must be longer than 0']],
    ['a missing threshold', 'rules:\n  - { name: r1, metric: errorRate, op: ">" }\n', ['/rules/0', 'threshold']],
    ['duplicate rule names', `${oneRule('metric: errorRate')}  - { name: r1, metric: latencyP99, op: ">", threshold: 300 }\n`, ["rule name 'r1' is used more than once"]],
    ['an unknown notify format', 'notify: [{ url: "https://hooks.example/x", format: xml }]\n', ["notify #1: format 'xml' is not one of json, slack"]],
    ['a feature on a metric without features', oneRule('metric: accuracy, feature: carat'), ["rule 'r1': feature is only for featurePsi and featureJs, not accuracy"]],
  ])('refuses %s, naming the problem', (_, text, parts) => {
    const message = problemOf(text);
    for (const part of parts) expect(message).toContain(part);
  });

  it('names every problem of a rule at once', () => {
    const message = problemOf(oneRule('metric: psi, op: "=>"'));
    expect(message).toContain("metric 'psi'");
    expect(message).toContain("op '=>'");
  });
});

describe('resolveMonitorConfig', () => {
  it('fills every default', () => {
    expect(resolveMonitorConfig(parseMonitorConfig('rules:\n  - { name: err, metric: errorRate, op: ">", threshold: 0.05 }\n', 'm.yaml'))).toEqual({
      window: { durationMs: 60_000, rows: null },
      minRows: 100,
      drift: { pValue: 0.01, psi: 0.1, share: 0.5, test: 'chi-square' },
      retentionMs: 7 * 86_400_000,
      rules: [{ name: 'err', metric: 'errorRate', op: '>', threshold: 0.05, for: 1, severity: 'warning', cooldownMs: 600_000, minLabels: 50 }],
      notify: [],
    });
  });

  it('keeps what the file says, durations in milliseconds', () => {
    const c = resolveMonitorConfig(parseMonitorConfig(YAML, 'monitor.yaml'));
    expect(c.window).toEqual({ durationMs: 300_000, rows: 1000 });
    expect(c.minRows).toBe(200);
    expect(c.drift).toEqual({ pValue: 0.01, psi: 0.2, share: 0.5, test: 'ks' });
    expect(c.retentionMs).toBe(30 * 86_400_000);
    expect(c.rules[0]).toMatchObject({ name: 'carat-drift', feature: 'carat', for: 3, cooldownMs: 3_600_000, severity: 'warning', minLabels: 50 });
    expect(c.rules[1]).toMatchObject({ name: 'accuracy-floor', for: 1, cooldownMs: 600_000, severity: 'critical', minLabels: 20 });
    expect(c.notify).toEqual([{ url: 'https://hooks.example/alerts', format: 'slack' }]);
  });

  it('is deep-frozen and leaves the defaults alone', () => {
    const c = resolveMonitorConfig({ drift: { share: 0.3 } });
    expect(Object.isFrozen(c.drift) && Object.isFrozen(c.rules) && Object.isFrozen(c.window)).toBe(true);
    expect(MONITOR_DEFAULTS.drift.share).toBe(0.5);
  });
});
