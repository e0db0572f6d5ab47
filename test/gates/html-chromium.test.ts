import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationRun } from '../../src/contract/index.js';
import { createOnnxEngine } from '../../src/engine/index.js';
import { renderHtml, validateVersion } from '../../src/gates/index.js';
import { createSystemClock } from '../../src/app/system-clock.js';
import { tempDir } from '../helpers/cli.js';
import { gateFixture, registerFixture } from '../helpers/gates.js';
import { openHarness, type RegistryHarness } from '../helpers/registry.js';

// The HTML report opened in Debian's headless Chromium: it must render (a screenshot with the summary table) and
// its DOM, after Chromium parsed it, must hold every section. Skipped with a message when Chromium is absent
// (install it with: apt-get install -y chromium).

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('SKIPPED html-chromium.test.ts: no /usr/bin/chromium — install it with: apt-get install -y chromium');

const chromium = (args: string[], cwd: string) =>
  spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${join(cwd, 'profile')}`, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe.skipIf(!CHROMIUM)('the HTML report in headless Chromium', () => {
  let h: RegistryHarness;
  let dir: string;
  let run: ValidationRun;

  beforeAll(async () => {
    h = await openHarness('sqlite');
    dir = tempDir('mp-html-');
    await registerFixture(h, 'bc', gateFixture('breast-cancer-weak.onnx'));
    run = await validateVersion(
      { uri: 'bc/1', data: { path: gateFixture('breast-cancer-holdout-groups.csv'), target: 'target' }, policy: { bias: { attribute: 'group', metric: 'equalizedOddsDifference', max: 0.1 }, evaluate: { accuracy: '>= 0.9' } } },
      { registry: h.registry, artifacts: h.artifacts, engine: createOnnxEngine(), clock: createSystemClock() },
    );
    writeFileSync(join(dir, 'report.html'), renderHtml(run));
    writeFileSync(join(dir, 'blank.html'), '<!doctype html><html><body></body></html>');
  });
  afterAll(async () => h?.close());

  it('renders a screenshot far richer than a blank page', () => {
    for (const name of ['report', 'blank']) {
      const r = chromium([`--screenshot=${join(dir, `${name}.png`)}`, '--window-size=1200,900', `file://${join(dir, `${name}.html`)}`], dir);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(pngSize(join(dir, 'report.png'))).toEqual({ width: 1200, height: 900 });
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(20 * statSync(join(dir, 'blank.png')).size);
  });

  it('parses into the summary, a row per gate, the confusion matrix, the fairness table and drift charts', () => {
    const r = chromium(['--dump-dom', `file://${join(dir, 'report.html')}`], dir);
    expect(r.status, r.stderr).toBe(0);
    const dom = r.stdout;
    expect(dom).toContain('<table class="summary">');
    expect(dom.match(/<tr class="gate">/g)).toHaveLength(run.results.length);
    expect(dom).toContain('<table class="confusion">');
    expect(dom).toContain('<table class="fairness">');
    expect(dom.match(/<svg class="hist"/g)).toHaveLength(30);
    expect(dom).toContain(`id="outcome">${run.outcome}</span>`);
    expect(run.outcome).toBe('Fail');
  });
});
