import { describe, expect, it } from 'vitest';
import { checkValue, GatePolicy } from '../contract/index.js';
import { VALIDATION_GATES } from './builtin/index.js';
import { effectivePolicy } from './default-policy.js';

const enabled = (policy: GatePolicy): string[] => VALIDATION_GATES.filter((g) => g.enabled(policy)).map((g) => g.name);

describe('the default gate policy', () => {
  it('checks the artifact and the model when there is no data', () => {
    expect(enabled(effectivePolicy(undefined, { data: false, profile: true }))).toEqual(['integrity', 'safety', 'signature', 'unit', 'robustness', 'latency']);
  });

  it('adds evaluation and no-regression with data, and drift with data and a profile', () => {
    expect(enabled(effectivePolicy(undefined, { data: true, profile: false }))).toEqual(['integrity', 'safety', 'signature', 'unit', 'robustness', 'evaluation', 'no-regression', 'latency']);
    expect(enabled(effectivePolicy(undefined, { data: true, profile: true }))).toContain('drift');
  });

  it('is itself a valid policy file', () => {
    expect(checkValue(GatePolicy, effectivePolicy(undefined, { data: true, profile: true })).ok).toBe(true);
  });
});

describe('a user policy over the defaults', () => {
  it('merges a section into the default one and turns a gate off with false', () => {
    const p = effectivePolicy({ safety: { maxNodes: 10 }, latency: false, robustness: false }, { data: false, profile: false });
    expect(p.safety).toEqual({ allowedDomains: ['', 'ai.onnx', 'ai.onnx.ml'], opsetRange: { min: 7, max: 23 }, maxNodes: 10 });
    expect(enabled(p)).toEqual(['integrity', 'safety', 'signature', 'unit']);
  });

  it('enables what the file asks for, even without the defaults that need data', () => {
    const p = effectivePolicy({ requiredTags: ['owner'], metrics: { accuracy: '>= 0.9' }, drift: { maxShare: 0.3 }, bias: { attribute: 'group', metric: 'equalizedOddsDifference', max: 0.1 } }, { data: false, profile: false });
    expect(enabled(p)).toEqual(['integrity', 'safety', 'signature', 'metadata', 'metrics', 'unit', 'robustness', 'bias', 'drift', 'latency']);
    expect(p.drift).toEqual({ maxShare: 0.3 });
  });

  it('keeps the user thresholds of evaluate and the default no-regression when data is there', () => {
    const p = effectivePolicy({ evaluate: { accuracy: '>= 0.95' }, noRegression: { tolerance: 0.05 } }, { data: true, profile: false });
    expect(p.evaluate).toEqual({ accuracy: '>= 0.95' });
    expect(p.noRegression).toEqual({ against: 'champion', tolerance: 0.05 });
  });
});
