/**
 * A fixed-rate (open-loop) HTTP load generator for bench/serve.mjs, because wrk has no rate option and wrk2 and
 * autocannon are not installed. Like wrk2, request i is due at t0 + i/rate whether or not earlier answers came
 * back, and its latency is measured from that due time (so a stalled server cannot hide its queue: no coordinated
 * omission). Requests go out over a pool of keep-alive connections, one request in flight per connection (no
 * pipelining); a due request waits for a free connection, and that wait counts in its latency.
 *
 *   node bench/_paced-load.mjs <url> <rate/s> <seconds> <warm-up seconds> <connections> <body file>
 *
 * Prints one line `PACED_JSON {…}`: due/sent/answered counts (`unsent`: still waiting for a free connection
 * when the run gave up, 10 s after the last request was due — the server could not keep up with the rate;
 * `inFlightAtEnd`: written but not answered then), non-200 answers (a connection closed mid-request counts as
 * one), the achieved rate, latency percentiles (ms) from the due time, the same from the moment the request
 * was written ("service" latency), and the generator's own stalls while measuring (turns of its loop more than 1 ms
 * apart: count, total and longest ms).
 * The HTTP client is hand-written over node:net (pre-encoded request bytes, Content-Length framing), so the
 * generator itself can sustain well over 10,000 requests/s on one core; the scheduler spins on setImmediate to
 * release requests on time, which keeps its core busy for the length of the run.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const [urlArg, rateArg, secondsArg, warmArg, connArg, bodyFile] = process.argv.slice(2);
const url = new URL(urlArg);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const warmup = Number(warmArg);
const connections = Number(connArg);
const body = readFileSync(bodyFile);
const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
const requestBytes = Buffer.concat([Buffer.from(head), body]);

const total = Math.ceil(rate * (warmup + seconds));
const firstMeasured = Math.ceil(rate * warmup);
const dueLatency = new Float64Array(total - firstMeasured);
const serviceLatency = new Float64Array(total - firstMeasured);
let answered = 0;
let measured = 0;
let non200 = 0;
let closed = 0;
let issued = 0;
let written = 0;
const queue = []; // indexes of due requests waiting for a free connection

/** One keep-alive connection with at most one request in flight. */
function openConnection() {
  const c = { socket: connect(Number(url.port), url.hostname), busy: false, index: -1, writtenAt: 0, buf: Buffer.alloc(0) };
  c.socket.setNoDelay(true);
  c.socket.on('data', (chunk) => {
    c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
    const end = c.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const headText = c.buf.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
    if (c.buf.length < end + 4 + length) return;
    c.buf = c.buf.subarray(end + 4 + length);
    finish(c, Number(headText.slice(9, 12)));
  });
  c.socket.on('error', () => undefined);
  c.socket.on('close', () => {
    closed++;
    if (c.busy) finish(c, 0);
    const i = pool.indexOf(c);
    if (i >= 0 && !stopping) pool[i] = openConnection();
  });
  return c;
}

function finish(c, status) {
  const now = performance.now();
  if (status !== 200) non200++;
  answered++;
  if (c.index >= firstMeasured) {
    dueLatency[measured] = now - dueAt(c.index);
    serviceLatency[measured] = now - c.writtenAt;
    measured++;
  }
  c.busy = false;
  pump();
}

let t0 = 0;
let stopping = false;
const dueAt = (i) => t0 + (i * 1000) / rate;
const pool = Array.from({ length: connections }, openConnection);

function pump() {
  for (const c of pool) {
    if (queue.length === 0) return;
    if (c.busy || c.socket.connecting || c.socket.destroyed) continue;
    c.busy = true;
    c.index = queue.shift();
    c.writtenAt = performance.now();
    written++;
    c.socket.write(requestBytes);
  }
}

// The generator's own stalls: gaps between two turns of its spin loop longer than 1 ms (the process was descheduled,
// or collected garbage). Requests due meanwhile go out late, and their latency counts from the due time all the same.
let lastTick = 0;
const stalls = { count: 0, ms: 0, maxMs: 0 };

function tick() {
  const now = performance.now();
  const gap = lastTick === 0 ? 0 : now - lastTick;
  lastTick = now;
  if (gap > 1 && issued >= firstMeasured) {
    stalls.count++;
    stalls.ms += gap;
    stalls.maxMs = Math.max(stalls.maxMs, gap);
  }
  while (issued < total && dueAt(issued) <= now) queue.push(issued++);
  pump();
  if (issued < total || answered < total) {
    if (now - dueAt(total - 1) > 10_000) return done(); // answers still missing 10 s after the last was due
    setImmediate(tick);
  } else done();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function done() {
  stopping = true;
  const lat = dueLatency.subarray(0, measured).sort();
  const svc = serviceLatency.subarray(0, measured).sort();
  const pick = (s) => ({ p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), p999: percentile(s, 99.9), max: s[s.length - 1] ?? NaN });
  const elapsed = (performance.now() - dueAt(firstMeasured)) / 1000;
  const out = { rate, seconds, connections, due: issued, sent: written, unsent: issued - written, inFlightAtEnd: written - answered, answered, measured, non200, reconnects: closed, achievedRate: measured / elapsed, latencyMs: pick(lat), serviceMs: pick(svc), generatorStalls: stalls };
  console.log(`PACED_JSON ${JSON.stringify(out)}`);
  for (const c of pool) c.socket.destroy();
}

// Start once every connection is open, so connecting is not part of the first latencies.
let open = 0;
for (const c of pool) {
  c.socket.once('connect', () => {
    if (++open === connections) {
      t0 = performance.now();
      tick();
    }
  });
}
