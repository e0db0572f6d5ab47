import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../../core/index.js';
import type { InferAccept, Reply } from './infer-listener.js';
import { parseHead } from './request-head.js';

export interface FastLaneOptions {
  readonly accept: InferAccept;
  /** Gives a connection to node:http, its unread bytes back in its stream, for everything the lane does not take. */
  readonly handOver: (socket: Socket) => void;
  /** How long an idle keep-alive connection stays open (node:http's `keepAliveTimeout`), ms. */
  readonly keepAliveMs: () => number;
  /** How long a request may take to arrive once its head is in (node:http's `requestTimeout`), ms. */
  readonly requestTimeoutMs: () => number;
  /** The `Date` header's value now. */
  readonly date: () => string;
  readonly clock: Clock;
}

/** The connections the lane holds, for a server that closes. */
export interface FastLane {
  /** node:http's `connection` listener's place: takes the connection while its requests are plain inference ones. */
  connection(socket: Socket): void;
  /** Closes the connections that wait for a request (node:http's `closeIdleConnections` for the lane's). */
  closeIdle(): void;
}

/**
 * HTTP/1.1 for the data plane's hot path without node:http's per-request objects and streams: a connection
 * stays in the lane while each of its requests is a keep-alive POST to an inference route with a
 * Content-Length body within the limit, and a head of plain ASCII (see request-head.ts); the first request
 * that is anything else (another route, chunked, `Expect`, `Connection: close`, HTTP/1.0, a head that has not
 * fully arrived, a body over the limit) hands the connection, with its unread bytes, to node:http for good.
 * Requests on a connection are answered one at a time, in order.
 * @example server.removeAllListeners('connection').on('connection', createFastLane({ … }).connection)
 */
export function createFastLane(options: FastLaneOptions): FastLane {
  const lanes = new Set<Connection>();
  return {
    connection: (socket) => void lanes.add(new Connection(socket, options, lanes)),
    closeIdle: () => lanes.forEach((c) => c.idle && c.socket.destroy()),
  };
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
/** node:http's default limit on a request head. */
const MAX_HEAD_BYTES = 16 * 1024;
/** Bytes of pipelined requests read ahead while one is answered; past this the connection stops reading. */
const READ_AHEAD_BYTES = 64 * 1024;

interface Pending {
  readonly headBytes: number;
  readonly bodyBytes: number;
  readonly answer: (body: Buffer) => void;
  readonly since: number;
}

/** One connection in the lane: buffers bytes until a whole request is in, answers it, then reads the next. */
class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private pending: Pending | undefined;
  private answering = false;
  private pumping = false;
  /** The client has sent its last byte: the connection ends once its answer is out. */
  private ended = false;
  /** Answers wait in the socket's buffer for the client to read them: the next request waits too. */
  private backedUp = false;

  constructor(
    readonly socket: Socket,
    private readonly options: FastLaneOptions,
    private readonly lanes: Set<Connection>,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(options.keepAliveMs());
    socket.on('data', this.onData).on('end', this.onEnd).on('timeout', this.onTimeout).on('error', this.onError).on('close', this.onClose);
  }

  /** Waiting for a request, none of it read yet, every answer handed to the socket. */
  get idle(): boolean {
    return !this.busy && this.buffered === 0;
  }

  private readonly onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.busy && this.buffered > READ_AHEAD_BYTES) this.socket.pause();
    this.pump();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.pump();
  };

  private readonly onTimeout = (): void => {
    if (!this.answering) this.socket.destroy();
  };

  private readonly onError = (): void => void this.socket.destroy();

  private readonly onClose = (): void => void this.lanes.delete(this);

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.busy && this.buffered > 0 && !this.socket.destroyed && this.next());
    } catch {
      // A bug must not take the process down: this connection ends, the others go on.
      this.socket.destroy();
    } finally {
      this.pumping = false;
    }
    if (this.busy || !this.lanes.has(this)) return;
    // The client sent its last byte and every whole request is answered: what is left can never complete.
    if (this.ended) this.socket.end();
    else if (this.socket.isPaused()) this.socket.resume();
  }

  /** Answering a request, or waiting for the client to read the answers. */
  private get busy(): boolean {
    return this.answering || this.backedUp;
  }

  /** Answers the next request if all of it is in; false while waiting for bytes or once node:http has the connection. */
  private next(): boolean {
    const pending = this.pending ?? this.begin();
    if (!pending) return false;
    const total = pending.headBytes + pending.bodyBytes;
    if (this.buffered < total) {
      if (this.options.clock.monotonic() - pending.since > this.options.requestTimeoutMs()) this.socket.destroy();
      return false;
    }
    const bytes = this.flat();
    this.chunks = total < bytes.length ? [bytes.subarray(total)] : [];
    this.buffered = bytes.length - total;
    this.pending = undefined;
    this.answering = true;
    pending.answer(bytes.subarray(pending.headBytes, total));
    return true;
  }

  /** Reads the next request's head; hands the connection over when the lane does not take that request. */
  private begin(): Pending | undefined {
    const bytes = this.flat();
    const end = bytes.subarray(0, MAX_HEAD_BYTES + 4).indexOf(CRLFCRLF);
    const head = end < 0 ? undefined : parseHead(bytes.toString('latin1', 0, end));
    const answer = head && this.options.accept(head.url, head.headers, head.contentLength, this.reply());
    if (!head || !answer) return void this.handOver();
    return (this.pending = { headBytes: end + 4, bodyBytes: head.contentLength, answer, since: this.options.clock.monotonic() });
  }

  private flat(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private reply(): Reply {
    let sent = false;
    const socket = this.socket;
    return {
      get open() {
        return !sent && !socket.destroyed;
      },
      send: (status, headers, body) => {
        sent = true;
        const close = headers.connection === 'close';
        this.write(status, headers, body, close);
        this.answering = false;
        if (close) socket.end();
        else if (!socket.writableNeedDrain) this.pump();
        else {
          this.backedUp = true;
          socket.once('drain', () => {
            this.backedUp = false;
            this.pump();
          });
        }
      },
    };
  }

  private write(status: number, headers: Readonly<Record<string, string | number>>, body: string | Buffer, close: boolean): void {
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
    for (const name in headers) if (name !== 'connection') head += `${name}: ${headers[name]}\r\n`;
    head += `date: ${this.options.date()}\r\n`;
    head += close ? 'connection: close\r\n\r\n' : `connection: keep-alive\r\nkeep-alive: timeout=${Math.floor(this.options.keepAliveMs() / 1000)}\r\n\r\n`;
    if (typeof body === 'string') this.socket.write(head + body);
    else this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  }

  /** node:http takes the connection from here on, starting with the bytes the lane has not answered. */
  private handOver(): void {
    const socket = this.socket;
    socket.pause();
    socket.removeListener('data', this.onData).removeListener('end', this.onEnd).removeListener('timeout', this.onTimeout).removeListener('error', this.onError).removeListener('close', this.onClose);
    socket.setTimeout(0);
    this.lanes.delete(this);
    if (this.buffered > 0) socket.unshift(this.flat());
    this.chunks = [];
    this.buffered = 0;
    this.options.handOver(socket);
    socket.resume();
  }
}
