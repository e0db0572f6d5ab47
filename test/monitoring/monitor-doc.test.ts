import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MonitorConfig } from '../../src/contract/index.js';
import { parseMonitorConfig, resolveMonitorConfig } from '../../src/monitoring/index.js';

const doc = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');
const example = /## Monitoring file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];

describe('the monitoring file in docs/policies.md', () => {
  it('is a valid file with every section of the schema, and resolves to what its comments say', () => {
    expect(example).toBeDefined();
    const config = parseMonitorConfig(example!, 'docs/policies.md');
    expect(Object.keys(config).sort()).toEqual(Object.keys(MonitorConfig.properties).sort());
    const resolved = resolveMonitorConfig(config);
    expect(resolved.window).toEqual({ durationMs: 300_000, rows: 5000 });
    expect(resolved.retentionMs).toBe(7 * 86_400_000);
    expect(resolved.rules.map((r) => [r.name, r.for, r.severity, r.cooldownMs, r.minLabels])).toEqual([
      ['input-drift', 2, 'critical', 600_000, 50],
      ['carat-shift', 1, 'warning', 1_800_000, 50],
      ['accuracy-low', 1, 'warning', 600_000, 200],
    ]);
  });
});
