import { describe, expect, it } from 'vitest';
import { childrenNamed, parseXml } from '../../../test/helpers/xml.js';
import { checkValue, ValidationRun, type GateResult } from '../../contract/index.js';
import { renderHtml, renderJson, renderJunit } from './index.js';

const NASTY = 'a < b && c > "d" \'e\' \u0001 ]]> </testcase> — ünïcødé 🚀';

const result = (gate: string, category: GateResult['category'], outcome: GateResult['outcome'], message: string, extra: Partial<GateResult> = {}): GateResult => ({ gate, category, outcome, message, details: {}, durationMs: 12.5, ...extra });

const RUN: ValidationRun = {
  id: 7, at: '2026-01-15T12:00:00.000Z', actor: 'ana & bob', model: 'fraud', version: 3, uri: 'models:/fraud/3', suite: 'validate',
  outcome: 'Fail', total: 5, passed: 1, failed: 2, errors: 1, warnings: 0, skipped: 1, passRate: 0.25, durationMs: 1234, data: { source: 'holdout <1>.csv', rows: 143 },
  policy: {},
  results: [
    result('integrity', 'security', 'Pass', 'ok', { score: 880, threshold: '<= 2147483648 bytes' }),
    result('evaluation', 'quality', 'Fail', NASTY, { score: 0.93, threshold: 'accuracy >= 0.95' }),
    result('metrics', 'quality', 'Fail', 'accuracy 0.9 (needs >= 0.95)'),
    result('drift', 'drift', 'Error', 'MP_GATES_DATA_REQUIRED: boom\nsecond line'),
    result('no-regression', 'quality', 'Skipped', 'no champion'),
  ],
};

describe('JUnit XML', () => {
  const xml = renderJunit(RUN);
  const root = parseXml(xml);

  it('has the structure CI systems read: testsuites > testsuite > testcase, counts on every level', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '2', errors: '1', skipped: '1', name: 'modelpilot validate models:/fraud/3' });
    const suites = childrenNamed(root, 'testsuite');
    expect(suites.map((s) => s.attributes['name'])).toEqual(['security', 'quality', 'drift']);
    for (const s of suites) {
      const cases = childrenNamed(s, 'testcase');
      expect(Number(s.attributes['tests'])).toBe(cases.length);
      expect(Number(s.attributes['failures'])).toBe(cases.filter((c) => childrenNamed(c, 'failure').length).length);
      expect(Number(s.attributes['errors'])).toBe(cases.filter((c) => childrenNamed(c, 'error').length).length);
      expect(Number(s.attributes['skipped'])).toBe(cases.filter((c) => childrenNamed(c, 'skipped').length).length);
      expect(s.attributes['time']).toMatch(/^\d+\.\d{3}$/);
      for (const c of cases) {
        expect(c.attributes['name']).toBeTruthy();
        expect(c.attributes['classname']).toMatch(/^modelpilot\.fraud\.v3\.(security|quality|drift)$/);
        expect(c.attributes['time']).toBe('0.013');
      }
    }
  });

  it('puts the message of a failure in its message attribute and body, escaped so it reads back exactly', () => {
    const evaluation = childrenNamed(childrenNamed(root, 'testsuite')[1]!, 'testcase')[0]!;
    const failure = childrenNamed(evaluation, 'failure')[0]!;
    const readable = NASTY.replace('\u0001', '');
    expect(failure.attributes).toEqual({ message: readable, type: 'GateFailed' });
    expect(failure.text).toBe(`${readable}\nscore 0.93, threshold accuracy >= 0.95`);
    expect(xml).not.toContain('\u0001');
  });

  it('marks errors and skips, and leaves a passing gate with its numbers in system-out', () => {
    const [security, quality, drift] = childrenNamed(root, 'testsuite');
    expect(childrenNamed(childrenNamed(drift!, 'testcase')[0]!, 'error')[0]!.attributes['message']).toBe('MP_GATES_DATA_REQUIRED: boom\nsecond line');
    expect(childrenNamed(childrenNamed(quality!, 'testcase')[2]!, 'skipped')[0]!.attributes['message']).toBe('no champion');
    expect(childrenNamed(childrenNamed(security!, 'testcase')[0]!, 'system-out')[0]!.text).toBe('Pass: ok\nscore 880, threshold <= 2147483648 bytes');
  });
});

describe('JSON report', () => {
  it('is the run, valid against the contract, with NaN written as null', () => {
    const withNaN: ValidationRun = { ...RUN, results: [{ ...RUN.results[0]!, details: { p: Number.NaN } }] };
    const parsed = JSON.parse(renderJson(withNaN)) as ValidationRun;
    expect(checkValue(ValidationRun, parsed).ok).toBe(true);
    expect(parsed.results[0]!.details).toEqual({ p: null });
  });
});

describe('HTML report', () => {
  const html = renderHtml(RUN);

  it('is self-contained: nothing to fetch and a policy that forbids fetching', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('escapes every user-supplied text', () => {
    expect(html).not.toContain(NASTY);
    expect(html).toContain('a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;  ]]&gt; &lt;/testcase&gt;');
    expect(html).toContain('holdout &lt;1&gt;.csv (143 rows)');
    expect(html).toContain('ana &amp; bob');
  });

  it('has the summary with counts and pass rate and one row per gate', () => {
    expect(html).toContain('5 gates: 1 passed, 2 failed, 1 error, 0 warnings, 1 skipped — pass rate 25.0%');
    expect(html.match(/<tr class="gate">/g)).toHaveLength(5);
    expect(html).toContain('<span class="o big Fail" id="outcome">Fail</span>');
  });
});
