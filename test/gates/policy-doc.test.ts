import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkValue, GatePolicy } from '../../src/contract/index.js';
import { effectivePolicy } from '../../src/gates/index.js';

const doc = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');
const example = /## Gate policy[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];

describe('the gate policy in docs/policies.md', () => {
  it('is a valid policy file, every section of the schema included', () => {
    expect(example).toBeDefined();
    const value = parse(example!) as Record<string, unknown>;
    const checked = checkValue(GatePolicy, value);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(Object.keys(value).sort()).toEqual(Object.keys(GatePolicy.properties).sort());
  });

  it('keeps the DESIGN.md example valid too', () => {
    const design = { requiredTags: ['owner', 'dataset_version'], metrics: { accuracy: '>= 0.90' }, data: { path: 'holdout.csv', target: 'target' }, evaluate: { accuracy: '>= 0.95', rocAuc: '>= 0.97' }, noRegression: { against: 'champion', metric: 'accuracy', tolerance: 0.01 }, latency: { p99Ms: 5, batch: 1 }, bias: { attribute: 'group', metric: 'equalizedOddsDifference', max: 0.1 }, drift: { maxShare: 0.5 }, approvals: 1 };
    const checked = checkValue(GatePolicy, design);
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    expect(checkValue(GatePolicy, effectivePolicy(checked.value, { data: true, profile: true })).ok).toBe(true);
  });

  it('refuses unknown sections and misspelt fields, naming them', () => {
    const r = checkValue(GatePolicy, { evalute: { accuracy: '>= 0.9' }, bias: { attribute: 'g', metric: 'parity' } });
    expect(r.ok).toBe(false);
  });
});
