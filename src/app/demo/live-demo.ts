import type { Config } from '../config.js';
import { DEFAULT_SERVE_OPTIONS } from '../serve-options.js';
import { buildServer } from '../server.js';
import type { DemoNarrator } from './registry-demo.js';
import { rolloutDemo } from './rollout-demo.js';
import { demoMonitorConfig, monitoringDemo, startReceiver } from './monitoring-demo.js';
import { readHoldout, servingDemo } from './serving-demo.js';

/** The live part of the tour: one real server on a free port, serving @champion, then two canaries. */
export async function liveDemo(config: Config, holdoutCsv: string, uris: { candidate: string; challenger: string }, say: DemoNarrator) {
  const receiver = await startReceiver();
  const server = await buildServer(config, { ...DEFAULT_SERVE_OPTIONS, port: 0, sampleRate: 1, monitor: demoMonitorConfig(receiver.url) }, 'demo');
  try {
    await server.startBackground();
    await server.endpoints.deploy('breast-cancer', 'models:/breast-cancer@champion', config.actor);
    server.setNotReady(undefined);
    const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
    server.setAddress(base);
    say.step(`serve models:/breast-cancer@champion at ${base}/v2/models/breast-cancer/infer`);
    const holdout = await readHoldout(holdoutCsv);
    const served = await servingDemo(base, holdout, say);
    const traffic = await rolloutDemo(server, base, holdout.rows, uris, say);
    const monitored = await monitoringDemo(server, base, holdout.rows, receiver, say);
    await server.sampler.flush();
    return { accuracy: served.accuracy, ...traffic, monitored };
  } finally {
    server.rollouts.stop();
    await server.app.close();
    await server.sampler.close();
    await server.stopBackground();
    await receiver.close();
    await server.host.close();
    await server.closeStores();
  }
}
