import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutSnapshot } from '../../src/contract/index.js';
import { tempDir } from '../helpers/cli.js';
import { describeFailures, startLoad, type Tally } from '../helpers/load.js';
import { killAll, startServer, type ServerProcess } from '../helpers/server-process.js';
import { cliFor, endpointOf, MODELS, register, weights, writeSpec } from './_support.js';

// Issue 4 item 2 (router): with a sticky key, a user (here: the x-user-id header) always gets the same version, both
// arms of an A/B split get users, and on a canary whose weight only grows a user who was on the canary stays there.

const USERS = 400;

/** Sends `requests` requests spread over USERS users (each user several times); returns user → versions seen. */
async function byUser(server: ServerProcess, requests: number): Promise<{ versions: Map<string, Set<string>>; tally: Tally }> {
  const versions = new Map<string, Set<string>>();
  const load = startLoad({
    url: `${server.url}/v2/models/bc/infer`,
    clients: 8,
    headers: (seq) => ({ 'x-user-id': `user-${seq % USERS}` }),
    onAnswer: (a) => {
      const user = a.headers['x-user-id']!;
      versions.set(user, (versions.get(user) ?? new Set()).add(a.version ?? `failed ${a.status ?? a.error}`));
    },
  });
  await load.waitFor(requests);
  const tally = await load.stop();
  expect(tally.failures, describeFailures(tally)).toEqual([]);
  return { versions, tally };
}

/** Users whose every answer came from `version`. */
const usersOn = (versions: Map<string, Set<string>>, version: string): string[] => [...versions].filter(([, v]) => v.size === 1 && v.has(version)).map(([u]) => u);

describe('sticky routing by header (real server process)', () => {
  let home: string;
  let server: ServerProcess;
  const { mpJson } = cliFor(() => server, () => home);

  beforeAll(async () => {
    home = tempDir('mp-sticky-');
    await register(home, MODELS.logreg); // v1
    await register(home, MODELS.logreg); // v2
    await register(home, MODELS.logreg); // v3
    writeSpec(home, 'growing.yaml', { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] });
    server = await startServer({ home, args: ['models:/bc/1'] });
  });
  afterAll(async () => {
    await server?.stop();
    await killAll();
  });

  it('A/B with --sticky header:x-user-id: each user gets one version every time, and both arms get users', async () => {
    const started = await mpJson<RolloutSnapshot>('deploy', 'models:/bc/2', '--strategy', 'ab', '--sticky', 'header:x-user-id');
    expect(started).toMatchObject({ strategy: 'ab', phase: 'Progressing', weight: 50, spec: { stickyKey: 'header:x-user-id' } });
    const view = await endpointOf(server);
    expect(weights(view)).toEqual(['1 arm 50', '2 arm 50']);
    expect(view.plan.stickyKey).toBe('header:x-user-id');

    const { versions, tally } = await byUser(server, USERS * 8);
    expect(versions.size).toBe(USERS);
    const mixed = [...versions].filter(([, v]) => v.size > 1);
    expect(mixed.map(([u, v]) => `${u}: ${[...v].join(',')}`)).toEqual([]);
    const [on1, on2] = [usersOn(versions, '1').length, usersOn(versions, '2').length];
    console.log(`A/B sticky: ${tally.total} requests from ${USERS} users; ${on1} users on v1, ${on2} on v2; requests by version ${JSON.stringify(tally.byVersion)}`);
    // 50/50 by a hash of the user id: far from either extreme (binomial sd for 400 users is 10).
    expect(on1).toBeGreaterThan(USERS * 0.35);
    expect(on2).toBeGreaterThan(USERS * 0.35);

    const aborted = await mpJson<RolloutSnapshot>('rollout', 'abort', 'bc');
    expect(aborted.phase).toBe('Aborted');
    expect(weights(await endpointOf(server))).toEqual(['1 stable 100']);
  }, 60_000);

  it('canary with a sticky key: weight grows 20% → 50% and every user on the canary at 20% is still on it at 50%', async () => {
    const started = await mpJson<RolloutSnapshot>('deploy', 'models:/bc/3', '--spec', `${home}/growing.yaml`, '--sticky', 'header:x-user-id');
    expect(started).toMatchObject({ phase: 'Paused', weight: 20 });
    const at20 = await byUser(server, USERS * 4);
    expect(await mpJson<RolloutSnapshot>('rollout', 'resume', 'bc')).toMatchObject({ phase: 'Paused', weight: 50 });
    const at50 = await byUser(server, USERS * 4);

    for (const stage of [at20, at50]) expect([...stage.versions].filter(([, v]) => v.size > 1)).toEqual([]);
    const [canary20, canary50] = [usersOn(at20.versions, '3'), usersOn(at50.versions, '3')];
    console.log(`sticky canary: ${canary20.length} of ${USERS} users on v3 at 20%, ${canary50.length} at 50%`);
    expect(canary20.length).toBeGreaterThan(USERS * 0.1);
    expect(canary20.length).toBeLessThan(USERS * 0.3);
    expect(canary50.length).toBeGreaterThan(USERS * 0.4);
    expect(canary50.length).toBeLessThan(USERS * 0.6);
    expect(canary20.filter((u) => !canary50.includes(u))).toEqual([]);

    expect((await mpJson<RolloutSnapshot>('rollout', 'abort', 'bc')).phase).toBe('Aborted');
  }, 60_000);
});
