import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../../core/index.js';
import { createWebhookNotifier, payload } from './webhook-notifier.js';

// A real HTTP receiver on loopback that fails its first `failFirst` deliveries; the retry waits run on a test clock.
describe('createWebhookNotifier', () => {
  const received: { body: unknown; at: number }[] = [];
  let failFirst = 0;
  let seen = 0;
  // When each delivery arrived, on the test clock of the case that set it.
  const hits: number[] = [];
  let hitClock: { now(): number } | undefined;
  let url = '';
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen++;
      if (hitClock) hits.push(hitClock.now());
      if (seen <= failFirst) return res.writeHead(503).end();
      received.push({ body: JSON.parse(text), at: seen });
      res.writeHead(204).end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const until = async (ok: () => boolean): Promise<void> => {
    for (let i = 0; i < 2000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  const note = { kind: 'rollback', subject: 'fraud', message: 'models:/fraud/4 rolled back', at: '2026-01-01T00:00:00.000Z' };

  it('posts JSON and Slack payloads, and send returns before any delivery', async () => {
    received.length = 0;
    [failFirst, seen] = [0, 0];
    const notifier = createWebhookNotifier({ clock: createTestClock(), attempts: 3, firstBackoffMs: 100, timeoutMs: 1000, onGiveUp: () => undefined });
    notifier.send([{ url }, { url, format: 'slack' }], note);
    expect(received).toHaveLength(0);
    await until(() => received.length === 2);
    expect(received.map((r) => r.body)).toEqual(expect.arrayContaining([{ source: 'modelpilot', ...note }, { text: '*modelpilot* rollback: fraud — models:/fraud/4 rolled back' }]));
  });

  it('retries with doubling waits, then gives up and says so', async () => {
    received.length = 0;
    hits.length = 0;
    [failFirst, seen] = [2, 0];
    const clock = createTestClock();
    hitClock = clock;
    const notifier = createWebhookNotifier({ clock, attempts: 3, firstBackoffMs: 100, timeoutMs: 60_000, onGiveUp: () => undefined });
    notifier.send([{ url }], note);
    // Let real time pass for each HTTP round trip while the test clock moves in small steps.
    await until(() => (clock.advance(10), received.length === 1));
    expect(hits).toHaveLength(3);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(100);
    expect(hits[2]! - hits[1]!).toBeGreaterThanOrEqual(200);

    const gaveUp: string[] = [];
    [failFirst, seen] = [10, 0];
    const failing = createWebhookNotifier({ clock, attempts: 2, firstBackoffMs: 10, timeoutMs: 60_000, onGiveUp: (_t, e) => gaveUp.push(e) });
    failing.send([{ url }], note);
    await until(() => (clock.advance(10), gaveUp.length === 1));
    expect(gaveUp).toEqual(['HTTP 503']);
    expect(seen).toBe(2);
  });

  it('builds the Slack text from kind, subject and message', () => {
    expect(JSON.parse(payload({ url, format: 'slack' }, note))).toEqual({ text: '*modelpilot* rollback: fraud — models:/fraud/4 rolled back' });
  });
});
