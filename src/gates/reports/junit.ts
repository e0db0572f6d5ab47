import { GATE_CATEGORIES, type GateResult, type ValidationRun } from '../../contract/index.js';
import { escapeXml, fmtNumber } from './escape.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML as CI systems read it (the common Ant/Surefire schema): `<testsuites>` with one `<testsuite>` per gate
 * category and one `<testcase>` per gate; Fail → `<failure>`, Error → `<error>`, Skipped → `<skipped>`, each with the
 * message; Warn passes with the message in `<system-out>`. Counts and times on every suite and on the root.
 * @example writeFileSync('gates.xml', renderJunit(run))
 */
export function renderJunit(run: ValidationRun): string {
  const suites = GATE_CATEGORIES.map((c) => [c, run.results.filter((r) => r.category === c)] as const).filter(([, rs]) => rs.length > 0);
  const total = run.results.reduce((s, r) => s + r.durationMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name: `modelpilot ${run.suite} ${run.uri}`, tests: run.total, failures: run.failed, errors: run.errors, skipped: run.skipped, time: seconds(total), timestamp: run.at })}>`,
    ...suites.map(([category, results]) => suite(run, category, results)),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(run: ValidationRun, category: string, results: readonly GateResult[]): string {
  const count = (o: GateResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const head = attrs({ name: category, tests: results.length, failures: count('Fail'), errors: count('Error'), skipped: count('Skipped'), time: seconds(results.reduce((s, r) => s + r.durationMs, 0)), timestamp: run.at });
  const properties = [['model', run.model], ['version', run.version], ['uri', run.uri], ['outcome', run.outcome], ['run', run.id], ['actor', run.actor]];
  return [
    `  <testsuite ${head}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property ${attrs({ name: String(name), value: String(value) })}/>`),
    '    </properties>',
    ...results.map((r) => testcase(run, r)),
    '  </testsuite>',
  ].join('\n');
}

function testcase(run: ValidationRun, r: GateResult): string {
  const open = `    <testcase ${attrs({ name: r.gate, classname: `modelpilot.${run.model}.v${run.version}.${r.category}`, time: seconds(r.durationMs) })}`;
  const numbers = `score ${fmtNumber(r.score)}${r.threshold ? `, threshold ${r.threshold}` : ''}`;
  const body = (() => {
    switch (r.outcome) {
      case 'Fail':
        return `      <failure ${attrs({ message: r.message, type: 'GateFailed' })}>${escapeXml(`${r.message}\n${numbers}`)}</failure>`;
      case 'Error':
        return `      <error ${attrs({ message: r.message, type: 'GateError' })}>${escapeXml(r.message)}</error>`;
      case 'Skipped':
        return `      <skipped ${attrs({ message: r.message })}/>`;
      default:
        return `      <system-out>${escapeXml(`${r.outcome}: ${r.message}\n${numbers}`)}</system-out>`;
    }
  })();
  return `${open}>\n${body}\n    </testcase>`;
}

function attrs(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${escapeXml(String(v))}"`)
    .join(' ');
}
