import type { RolloutSnapshot, RolloutSpec } from '../../contract/index.js';
import { isLive } from '../../core/index.js';
import type { Server } from '../server.js';
import type { DemoNarrator } from './registry-demo.js';
import { oipRow } from './serving-demo.js';

/** Short analyses so the tour takes seconds; a real spec would judge minutes of traffic. */
const DEMO_STEPS: NonNullable<RolloutSpec['steps']> = [{ setWeight: 20 }, { analysis: { duration: '4s', minSamples: 100 } }, { setWeight: 50 }, { analysis: { duration: '4s', minSamples: 100 } }];
/**
 * At the default 98% confidence, noise alone rolls back up to 2% of healthy canaries; the tour's healthy retrain
 * must not be one of them, so it judges at 99.9% (the random forest's shift is far beyond either).
 */
const DEMO_ANALYSIS: NonNullable<RolloutSpec['analysis']> = { confidence: 0.999 };

/**
 * The progressive-delivery part of the tour, under steady traffic: a good canary (v3) is promoted and takes
 * @champion; a bad one (v2, the random forest, whose scores differ) is rolled back by the judge. Every request
 * sent during both rollouts is counted, failures included.
 */
export async function rolloutDemo(server: Server, base: string, rows: readonly number[][], uris: { candidate: string; challenger: string }, say: DemoNarrator): Promise<{ requests: number; failed: number }> {
  const load = steadyLoad(base, rows);
  try {
    for (const [uri, why] of [[uris.candidate, 'a retrain with nearly the same scores'], [uris.challenger, 'the random forest: worse, and its scores are distributed differently']] as const) {
      say.step(`canary ${uri} (${why}) under steady traffic: 20% → analysis → 50% → analysis`);
      const done = finished(server, 'breast-cancer');
      await server.rollouts.start({ model: uri, endpoint: 'breast-cancer', strategy: 'canary', steps: DEMO_STEPS, analysis: DEMO_ANALYSIS }, 'demo');
      const end = await done;
      for (const r of end.reports.length ? end.reports : end.lastReport ? [end.lastReport] : []) say.show(`analysis: ${r.outcome} (${r.metrics.map((m) => `${m.metric} ${m.verdict}`).join(', ')}; samples ${r.samples.stable}/${r.samples.canary})`);
      say.show(`${end.phase}: ${end.message}`);
    }
  } finally {
    load.stop();
  }
  const counts = await load.done;
  say.show(`${counts.requests} requests during both rollouts, ${counts.failed} failed`);
  return counts;
}

function finished(server: Server, endpoint: string): Promise<RolloutSnapshot> {
  return new Promise((resolve) => {
    const stop = server.events.subscribe((s) => {
      if (s.endpoint === endpoint && !isLive(s.phase)) {
        stop();
        resolve(s);
      }
    });
  });
}

/** Eight clients sending one row each, back to back, until stopped. */
function steadyLoad(base: string, rows: readonly number[][]): { stop(): void; done: Promise<{ requests: number; failed: number }> } {
  let running = true;
  const counts = { requests: 0, failed: 0 };
  const client = async (offset: number): Promise<void> => {
    for (let i = offset; running; i += 8) {
      counts.requests++;
      const ok = await fetch(`${base}/v2/models/breast-cancer/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(oipRow(rows[i % rows.length]!, `load-${i}`)) })
        .then(async (r) => (await r.arrayBuffer(), r.ok))
        .catch(() => false);
      if (!ok) counts.failed++;
    }
  };
  const done = Promise.all(Array.from({ length: 8 }, (_, k) => client(k))).then(() => counts);
  return { stop: () => (running = false), done };
}
