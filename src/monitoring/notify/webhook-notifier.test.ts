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
  let url = '';
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen++;
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
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
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
    [failFirst, seen] = [2, 0];
    const clock = createTestClock();
    const notifier = createWebhookNotifier({ clock, attempts: 3, firstBackoffMs: 100, timeoutMs: 1000, onGiveUp: () => undefined });
    notifier.send([{ url }], note);
    await until(() => seen === 1);
    clock.advance(99);
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toBe(1);
    clock.advance(1);
    await until(() => seen === 2);
    clock.advance(200);
    await until(() => received.length === 1);
    expect(received[0]!.at).toBe(3);

    const gaveUp: string[] = [];
    [failFirst, seen] = [10, 0];
    const failing = createWebhookNotifier({ clock, attempts: 2, firstBackoffMs: 10, timeoutMs: 1000, onGiveUp: (_t, e) => gaveUp.push(e) });
    failing.send([{ url }], note);
    await until(() => seen === 1);
    clock.advance(10);
    await until(() => gaveUp.length === 1);
    expect(gaveUp).toEqual(['HTTP 503']);
  });

  it('builds the Slack text from kind, subject and message', () => {
    expect(JSON.parse(payload({ url, format: 'slack' }, note))).toEqual({ text: '*modelpilot* rollback: fraud — models:/fraud/4 rolled back' });
  });
});
