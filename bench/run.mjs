/**
 * Runs every benchmark, one process each (so one's memory and caches do not colour the next), and exits 1 if any
 * missed its target. `npm run bench` builds first; run directly with `node bench/run.mjs` after `npm run build`.
 * Pass names to run some: `node bench/run.mjs versions-list`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, requireBuild } from './_lib.mjs';

const ALL = ['register-large', 'versions-list', 'serve', 'validate', 'monitor-window'];
const chosen = process.argv.length > 2 ? process.argv.slice(2) : ALL;
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} — choose from: ${ALL.join(', ')}`);
  process.exit(2);
}

requireBuild();
const results = [];
for (const name of chosen) {
  console.log(`\n=== ${name}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', `${name}.mjs`)], { stdio: 'inherit', cwd: ROOT });
  results.push({ name, status: r.status, seconds: (performance.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results) console.log(`  ${r.status === 0 ? 'PASS' : r.status === 1 ? 'MISS' : 'ERROR'}  ${r.name} (${r.seconds.toFixed(1)} s)`);
process.exitCode = results.every((r) => r.status === 0) ? 0 : 1;
