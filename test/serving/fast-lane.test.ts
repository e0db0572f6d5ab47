import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { parseHead } from '../../src/serving/http/request-head.js';
import { expected, holdoutRows, startServing, type ServingHarness } from '../helpers/serving.js';

/**
 * The fast lane (serving/http/fast-lane.ts) answers plain keep-alive inference requests on its own; everything
 * else goes to node:http with the connection. These tests speak HTTP/1.1 by hand over loopback.
 */
let h: ServingHarness;
let port: number;
beforeAll(async () => {
  h = await startServing();
  port = Number(new URL(h.url).port);
});
afterAll(() => h.close());

const { rows } = holdoutRows('breast-cancer-holdout.csv');
const labels = expected['breast-cancer-logreg.onnx']!.first_rows_labels!;
const body = (row: number): string => JSON.stringify({ id: `row-${row}`, inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', data: rows[row] }] });
const post = (row: number, headers = ''): string => `POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-Id: req-${row}\r\n${headers}Content-Length: ${Buffer.byteLength(body(row))}\r\n\r\n${body(row)}`;

interface Parsed {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Splits what a connection received into responses (Content-Length framed, or chunked for node:http's). */
function responses(all: string): Parsed[] {
  const out: Parsed[] = [];
  let rest = all;
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    rest = rest.slice(end + 4);
    let text = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (let size = parseInt(rest, 16); ; size = parseInt(rest, 16)) {
        const at = rest.indexOf('\r\n') + 2;
        text += rest.slice(at, at + size);
        rest = rest.slice(at + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      text = rest.slice(0, length);
      rest = rest.slice(length);
    }
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body: text });
  }
  return out;
}

/** Opens a connection, writes each part (waiting `gapMs` between parts), and reads until `count` answers are in. */
async function talk(parts: readonly (string | Buffer)[], count: number, gapMs = 0): Promise<{ answers: Parsed[]; closed: Promise<void>; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const answered = new Promise<void>((resolve, reject) => {
    socket.on('data', (d) => {
      received += d.toString('latin1');
      if (complete(received, count)) resolve();
    });
    socket.on('close', () => (complete(received, count) ? resolve() : reject(new Error(`closed after: ${received}`))));
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (const part of parts) {
    socket.write(part);
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  await answered;
  return { answers: responses(received), closed, socket };
}

function complete(received: string, count: number): boolean {
  try {
    return responses(received).length >= count && responses(received).every((r) => r.body.length === Number(r.headers['content-length'] ?? r.body.length));
  } catch {
    return false;
  }
}

const label = (a: Parsed): number => JSON.parse(a.body).outputs.find((o: { name: string }) => o.name === 'label').data[0];

describe('fast lane', () => {
  it('answers pipelined keep-alive requests in order, each with its own id, and keeps the connection open', async () => {
    const { answers, socket } = await talk([post(0) + post(1) + post(2)], 3);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers['x-request-id'])).toEqual(['req-0', 'req-1', 'req-2']);
    expect(answers.map((a) => JSON.parse(a.body).id)).toEqual(['row-0', 'row-1', 'row-2']);
    expect(answers.map(label)).toEqual(labels.slice(0, 3));
    expect(answers[0]!.headers).toMatchObject({ connection: 'keep-alive', 'x-modelpilot-version': '1', 'content-type': 'application/json; charset=utf-8' });
    expect(answers[0]!.headers['date']).toMatch(/GMT$/);
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });

  it('answers 3,000 pipelined requests in order to a client that reads only after sending them all', async () => {
    // ~2 MB of requests at once: the lane reads 64 KB ahead of the request it answers, then stops reading until it is done.
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    socket.pause();
    socket.write(ids.map((i) => post(i % 3).replace(`X-Request-Id: req-${i % 3}`, `X-Request-Id: p-${i}`)).join(''));
    await new Promise((r) => setTimeout(r, 300));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.resume();
    const text = (): string => Buffer.concat(chunks).toString('latin1');
    while (!complete(text(), ids.length)) await new Promise((r) => setTimeout(r, 50));
    const answers = responses(text());
    expect(answers.map((a) => a.headers['x-request-id'])).toEqual(ids.map((i) => `p-${i}`));
    expect(answers.map(label)).toEqual(ids.map((i) => labels[i % 3]));
    socket.destroy();
  });

  it('waits for a body that arrives in pieces', async () => {
    const request = post(1);
    const cut = request.indexOf('\r\n\r\n') + 4;
    const pieces = [request.slice(0, cut), ...request.slice(cut).match(/[\s\S]{1,40}/g)!];
    const { answers, socket } = await talk(pieces, 1, 2);
    expect(answers.map(label)).toEqual([labels[1]]);
    socket.destroy();
  });

  it('hands the connection to node:http at its first other request, and node:http answers the rest in order', async () => {
    const get = 'GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n';
    const { answers, socket } = await talk([post(0) + get + post(2)], 3);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect([answers[0]!.headers['x-request-id'], answers[2]!.headers['x-request-id']]).toEqual(['req-0', 'req-2']);
    expect(JSON.parse(answers[1]!.body)).toEqual({ ready: true });
    expect([label(answers[0]!), label(answers[2]!)]).toEqual([labels[0], labels[2]]);
    socket.destroy();
  });

  it('leaves chunked bodies, Expect: 100-continue, Connection: close and HTTP/1.0 to node:http, with the same answers', async () => {
    const b = body(1);
    const chunked = `POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${b.length.toString(16)}\r\n${b}\r\n0\r\n\r\n`;
    const lane = (await talk([post(1)], 1)).answers[0]!;
    const viaChunked = (await talk([chunked], 1)).answers[0]!;
    expect(viaChunked.status).toBe(200);
    expect(JSON.parse(viaChunked.body)).toEqual(JSON.parse(lane.body));

    const expecting = await talk([post(1, 'Expect: 100-continue\r\n').replace(/\r\n\r\n[\s\S]*$/, '\r\n\r\n')], 1);
    expect(expecting.answers[0]!.status).toBe(100);
    expecting.socket.write(b);
    expecting.socket.destroy();

    const closing = await talk([post(1, 'Connection: close\r\n')], 1);
    expect(closing.answers[0]!.headers.connection).toBe('close');
    await closing.closed;

    const old = await talk([post(1).replace('HTTP/1.1', 'HTTP/1.0')], 1);
    expect(old.answers[0]!.status).toBe(200);
    expect(JSON.parse(old.answers[0]!.body)).toEqual(JSON.parse(lane.body));
    await old.closed;
  });

  it('a head that arrives in pieces, or with a control character, is node:http’s to read and judge', async () => {
    const request = post(2);
    const { answers, socket } = await talk([request.slice(0, 30), request.slice(30)], 1, 20);
    expect(answers.map(label)).toEqual([labels[2]]);
    socket.destroy();
    const bad = await talk([post(2, 'X-Odd: a\x01b\r\n')], 1);
    expect(bad.answers[0]!.status).toBe(400);
    await bad.closed;
  });

  it('errors are the catalog’s, and the connection stays usable after them', async () => {
    const broken = 'POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"in:';
    const unknown = post(0).replace('/models/bc/', '/models/nope/');
    const { answers, socket } = await talk([broken + unknown + post(0)], 3);
    expect(answers.map((a) => a.status)).toEqual([400, 404, 200]);
    expect(JSON.parse(answers[0]!.body).code).toBe('MP_SERVING_BODY_INVALID');
    expect(JSON.parse(answers[1]!.body).code).toBe('MP_SERVING_ENDPOINT_NOT_FOUND');
    socket.destroy();
  });

  it('a client that half-closes after its requests still gets every answer, then the connection ends', async () => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.end(post(0) + post(1));
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(responses(received).map(label)).toEqual([labels[0], labels[1]]);
  });
});

describe('closing the server', () => {
  it('closes the lane’s idle keep-alive connections at once, so close does not wait for their timeout', async () => {
    const own = await startServing({ models: [{ name: 'bc', file: 'breast-cancer-logreg.onnx' }], endpoints: { bc: 'models:/bc/1' } });
    const socket = connect(Number(new URL(own.url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(post(0));
    while (responses(received).length < 1) await new Promise((r) => setTimeout(r, 10));
    const started = performance.now();
    await own.close();
    await closed;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(responses(received).map(label)).toEqual([labels[0]]);
  });
});

describe('parseHead', () => {
  const head = (lines: string[]): string => ['POST /v2/models/m/infer HTTP/1.1', ...lines].join('\r\n');
  it('reads a plain head: target, headers in lower case, the body length', () => {
    expect(parseHead(head(['Host: a', 'Content-Type:  application/json ', 'Content-Length: 12']))).toEqual({
      url: '/v2/models/m/infer',
      headers: expect.objectContaining({ host: 'a', 'content-type': 'application/json', 'content-length': '12' }),
      contentLength: 12,
    });
  });
  it.each([
    ['another method', 'GET /v2/models/m/infer HTTP/1.1\r\nHost: a\r\nContent-Length: 0'],
    ['HTTP/1.0', 'POST /x HTTP/1.0\r\nHost: a\r\nContent-Length: 0'],
    ['no Host', head(['Content-Length: 1'])],
    ['no Content-Length', head(['Host: a'])],
    ['a Content-Length that is not digits', head(['Host: a', 'Content-Length: 1e3'])],
    ['a header twice', head(['Host: a', 'Content-Length: 1', 'content-length: 1'])],
    ['chunked', head(['Host: a', 'Content-Length: 1', 'Transfer-Encoding: chunked'])],
    ['Expect', head(['Host: a', 'Content-Length: 1', 'Expect: 100-continue'])],
    ['Connection: close', head(['Host: a', 'Content-Length: 1', 'Connection: close'])],
    ['a space before the colon', head(['Host : a', 'Content-Length: 1'])],
    ['a folded line', head(['Host: a', ' b', 'Content-Length: 1'])],
    ['a bare line feed', head(['Host: a\nX: y', 'Content-Length: 1'])],
    ['a non-ASCII value', head(['Host: a', 'X: é', 'Content-Length: 1'])],
    ['a prototype key', head(['Host: a', 'Content-Length: 1', '__proto__: 1', '__proto__: 2'])],
  ])('leaves %s to node:http', (_why, text) => {
    expect(parseHead(text)).toBeUndefined();
  });
});
