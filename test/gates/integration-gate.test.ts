import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type OpenRegistry } from '../../src/app/index.js';
import { validateVersion } from '../../src/gates/index.js';
import { fixture } from '../helpers/fixtures.js';
import { startServing, type ServingHarness } from '../helpers/serving.js';

// `modelpilot test --service`: the integration gate talks OIP v2 to a real server on loopback (bc/1 = logreg serves
// endpoint "bc", bc/2 = trees serves "trees").

let server: ServingHarness;
let opened: OpenRegistry;
const data = { path: fixture('breast-cancer-holdout.csv'), target: 'target' };

beforeAll(async () => {
  server = await startServing();
  opened = await openRegistry(server.config);
});
afterAll(async () => {
  await opened?.close();
  await server?.close();
});

const integration = async (uri: string, service: { url: string; endpoint: string }) => {
  const run = await validateVersion({ uri, suite: 'test', data, service, policy: { latency: false } }, opened);
  return { run, result: run.results.find((r) => r.gate === 'integration')! };
};

describe('integration gate', () => {
  it('passes when the endpoint is live and ready and answers the round trip as the model does in-process', async () => {
    const { run, result } = await integration('bc/2', { url: server.url, endpoint: 'trees' });
    expect(result.outcome).toBe('Pass');
    expect((result.details['steps'] as { step: string; status: number }[]).map((s) => [s.step, s.status])).toEqual([['live', 200], ['ready', 200], ['endpoint ready', 200], ['predict', 200]]);
    expect(run.suite).toBe('test');
    expect(run.results.map((r) => r.gate)).toEqual(['integrity', 'safety', 'signature', 'unit', 'robustness', 'evaluation', 'no-regression', 'drift', 'integration']);
  });

  it('fails when the endpoint does not serve this version, with the server\'s answer', async () => {
    const { result } = await integration('bc/2', { url: server.url, endpoint: 'bc' });
    expect(result.outcome).toBe('Fail');
    expect(result.message).toMatch(/^predict: HTTP 404: .*MP_SERVING_VERSION_NOT_FOUND/);
  });

  it('fails when nothing listens at the address', async () => {
    const port = await freePort();
    const { result } = await integration('bc/1', { url: `http://127.0.0.1:${port}`, endpoint: 'bc' });
    expect(result.outcome).toBe('Fail');
    expect(result.message).toContain(`live: unreachable: http://127.0.0.1:${port}/v2/health/live (ECONNREFUSED)`);
  });

  it('is skipped by `test` without a service', async () => {
    const run = await validateVersion({ uri: 'bc/1', suite: 'test', data, policy: { latency: false } }, opened);
    expect(run.results.find((r) => r.gate === 'integration')).toMatchObject({ outcome: 'Skipped', message: 'no service to test — pass --service http://host:port' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
