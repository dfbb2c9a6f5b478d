import { createServer, STATUS_CODES, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ConnectionWaiters } from './connection-waiters.js';
import type { JetstreamEvent, JetstreamEventInput } from './jetstream-posts.js';

/**
 * A local server that speaks Bluesky Jetstream's legacy `/subscribe` protocol
 * (https://github.com/bluesky-social/jetstream, `internal/subscribe/filter.go`, `cursor.go`, `handler.go`), for
 * tests and the benchmark:
 * - `GET /subscribe` upgraded to a WebSocket; one JSON event per text frame;
 * - `wantedCollections` (repeatable, ≤ 100; NSIDs or `prefix.*`) filters commits only: identity and account
 *   events reach every subscriber, as on the real v1 wire; `wantedDids` (repeatable, ≤ 10,000) filters all;
 * - `cursor` in unix microseconds replays every logged event with `time_us >= cursor`, then goes live with no
 *   gap and no duplicate (each connection reads the log at its own position); absent, empty or past the last
 *   event: live only;
 * - `requireHello=true` holds delivery until an `options_update` message, which also replaces the filters
 *   (an invalid one closes the socket);
 * - invalid values are refused before the upgrade with HTTP 400 and a plain-text reason, like the real server.
 * Deliberately not implemented: zstd (`compress=true` or `Socket-Encoding: zstd` gets a 400 saying so),
 * `maxMessageSizeBytes` (ignored), the v2 sequence cursor (a cursor below 10^15, which Jetstream would read
 * as a sequence number, gets a 400: here it is almost surely milliseconds sent by mistake) and the `cursor`
 * field the v2 server adds to each frame.
 * Plus the failure switches the tests need: drop, silence, freeze, refuse, send raw frames.
 */
export interface JetstreamServerOptions {
  /** 0 (any free port) unless given; the server listens on 127.0.0.1. */
  port?: number;
  /** The clock in milliseconds (Date.now unless given); default `time_us` is at least now() * 1000. */
  now?: () => number;
}

export interface JetstreamConnection {
  readonly cursor: number | undefined;
  readonly wantedCollections: string[];
  readonly wantedDids: string[];
  readonly requireHello: boolean;
  readonly open: boolean;
}

export interface JetstreamTestServer {
  /** ws://127.0.0.1:PORT/subscribe */
  readonly url: string;
  /**
   * Appends an event to the log with the next time_us (strictly above the previous and >= now() * 1000,
   * unless given: a given one must be above the previous) and sends it to every connected subscriber whose
   * filters match, in log order, unless its delivery is paused. Returns the stored event.
   */
  publish(event: JetstreamEventInput): JetstreamEvent;
  /** Sends a text frame as is to every subscriber, after the events logged before it (frozen ones get it on unfreeze, silenced ones never); not logged. */
  sendRaw(text: string): void;
  /** Closes every open socket abruptly (terminate), as a dropped connection. Later connections work. */
  dropConnections(): void;
  /**
   * Sockets open now stay open and answer pings but get no event; events published meanwhile are logged
   * (new connections get them from their cursor) and are never delivered to the silenced sockets (a lost
   * pub/sub): after `silence(false)` they carry on with the next events. Connections made during the
   * silence are not silenced.
   */
  silence(on: boolean): void;
  /**
   * Sockets open now stop receiving and stop being read (a ping gets no pong); `freeze(false)` reads them
   * again and delivers everything logged meanwhile. Connections made during the freeze are not frozen.
   */
  freeze(on: boolean): void;
  /** Refuses new upgrades with this HTTP status (e.g. 503) until called with undefined. */
  refuseConnections(status: number | undefined): void;
  /** Every accepted connection so far, oldest first, with its parsed query and whether it is open. */
  readonly connections: readonly JetstreamConnection[];
  /** Resolves when at least n connections have been accepted in total. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Where Jetstream splits sequence cursors (below) from unix-microsecond ones (internal/subscribe/cursor.go). */
const CURSOR_SEQ_THRESHOLD = 1e15;
const MAX_WANTED_COLLECTIONS = 100;
const MAX_WANTED_DIDS = 10_000;
// atproto NSID (https://atproto.com/specs/nsid) and DID (https://atproto.com/specs/did) syntax.
const NSID = /^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+\.[a-zA-Z][a-zA-Z0-9]*$/u;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/u;
/** Log entries looked at per turn of the event loop by one connection, so a big backlog never blocks it. */
const ENTRIES_PER_TURN = 1_000;
/** Bytes queued on a socket above which a connection waits for 'drain' before sending more. */
const HIGH_WATER_BYTES = 1 << 20;

interface Filter {
  collections: { exact: Set<string>; prefixes: string[] } | undefined;
  dids: Set<string> | undefined;
}

interface SubscribeQuery {
  cursor: number | undefined;
  wantedCollections: string[];
  wantedDids: string[];
  requireHello: boolean;
  filter: Filter;
}

interface LogEntry {
  event: JetstreamEvent;
  frame: string;
  /** Commits only: identity and account events pass any collection filter. */
  collection: string | undefined;
}

interface Subscriber {
  ws: WebSocket;
  socket: Socket;
  info: { -readonly [K in keyof JetstreamConnection]: JetstreamConnection[K] };
  filter: Filter;
  /** Index in the log of the next entry to consider. */
  next: number;
  /** Raw frames to send once `next` reaches `at`. */
  raw: { at: number; text: string }[];
  /** Log ranges lost while silenced, skipped when reached. */
  gaps: { from: number; to: number }[];
  silencedFrom: number | undefined;
  frozen: boolean;
  awaitingHello: boolean;
  scheduled: boolean;
  waitingForDrain: boolean;
}

class InvalidRequest extends Error {}

export async function startJetstreamTestServer(options: JetstreamServerOptions = {}): Promise<JetstreamTestServer> {
  const now = options.now ?? Date.now;
  const log: LogEntry[] = [];
  const subscribers = new Set<Subscriber>();
  const connections: Subscriber['info'][] = [];
  const waiters = new ConnectionWaiters(() => connections.length, 'Jetstream connections');
  let refusal: number | undefined;

  const http = createServer((request, response) => {
    // A plain GET: the query is checked first, as the real server does before it upgrades.
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/subscribe') return reply(response, 404, '404 page not found');
    try {
      parseSubscribeQuery(url.searchParams, request.headers);
    } catch (error) {
      if (error instanceof InvalidRequest) return reply(response, 400, error.message);
      throw error;
    }
    reply(response, 426, 'WebSocket protocol violation: Connection header does not contain Upgrade');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 10_000_000 });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  http.on('upgrade', (request, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/subscribe') return refuse(socket, 404, '404 page not found');
    if (refusal !== undefined) return refuse(socket, refusal, 'service not ready: refused by the test server');
    let query: SubscribeQuery;
    try {
      query = parseSubscribeQuery(url.searchParams, request.headers);
    } catch (error) {
      if (error instanceof InvalidRequest) return refuse(socket, 400, error.message);
      throw error;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, query));
  });

  function accept(ws: WebSocket, socket: Socket, query: SubscribeQuery): void {
    const { cursor, wantedCollections, wantedDids, requireHello, filter } = query;
    const info = { cursor, wantedCollections, wantedDids, requireHello, open: true };
    const subscriber: Subscriber = {
      ws,
      socket,
      info,
      filter,
      next: cursor === undefined ? log.length : firstAtOrAfter(cursor),
      raw: [],
      gaps: [],
      silencedFrom: undefined,
      frozen: false,
      awaitingHello: requireHello,
      scheduled: false,
      waitingForDrain: false,
    };
    connections.push(info);
    subscribers.add(subscriber);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      info.open = false;
      subscribers.delete(subscriber);
    });
    ws.on('message', (data: RawData) => onClientMessage(subscriber, data));
    waiters.accept();
    pump(subscriber);
  }

  /** Binary search: the index of the first logged event with time_us >= cursor. */
  function firstAtOrAfter(cursor: number): number {
    let low = 0;
    let high = log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((log[middle]?.event.time_us ?? Infinity) < cursor) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Subscriber-sourced messages: only `options_update` means anything; others are ignored, like v1. */
  function onClientMessage(subscriber: Subscriber, data: RawData): void {
    let message: { type?: unknown; payload?: { wantedCollections?: unknown; wantedDids?: unknown } };
    try {
      message = JSON.parse(rawText(data)) as typeof message;
    } catch {
      return;
    }
    if (message?.type !== 'options_update') return;
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    try {
      subscriber.filter = parseFilter(strings(message.payload?.wantedCollections), strings(message.payload?.wantedDids));
    } catch {
      subscriber.ws.close(1008, 'invalid options_update');
      return;
    }
    subscriber.awaitingHello = false;
    pump(subscriber);
  }

  /**
   * Sends what a connection has not seen yet, in log order. Live events and backlog go through the same
   * path, so there is nothing to hand over between them; the work is cut into turns of the event loop and
   * waits for the socket to drain past HIGH_WATER_BYTES.
   */
  function pump(subscriber: Subscriber): void {
    if (subscriber.scheduled || subscriber.waitingForDrain || !subscriber.info.open) return;
    if (subscriber.frozen || subscriber.silencedFrom !== undefined || subscriber.awaitingHello) return;
    for (let budget = ENTRIES_PER_TURN; budget > 0; budget--) {
      while (subscriber.raw[0] && subscriber.raw[0].at <= subscriber.next) subscriber.ws.send(subscriber.raw.shift()?.text ?? '');
      const gap = subscriber.gaps[0];
      if (gap && subscriber.next >= gap.from) {
        subscriber.gaps.shift();
        subscriber.next = Math.max(subscriber.next, gap.to);
        continue;
      }
      const entry = log[subscriber.next];
      if (!entry) return;
      if (subscriber.ws.bufferedAmount > HIGH_WATER_BYTES) {
        subscriber.waitingForDrain = true;
        subscriber.socket.once('drain', () => {
          subscriber.waitingForDrain = false;
          pump(subscriber);
        });
        return;
      }
      subscriber.next += 1;
      if (wants(subscriber.filter, entry)) subscriber.ws.send(entry.frame);
    }
    subscriber.scheduled = true;
    setImmediate(() => {
      subscriber.scheduled = false;
      pump(subscriber);
    });
  }

  function close(subscriber: Subscriber): void {
    subscriber.info.open = false;
    subscribers.delete(subscriber);
    subscriber.ws.terminate();
  }

  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    get connections() {
      return connections;
    },
    publish(input) {
      const previous = log.at(-1)?.event.time_us ?? 0;
      if (input.time_us !== undefined && (!Number.isSafeInteger(input.time_us) || input.time_us <= previous)) {
        throw new Error(`publish: time_us ${input.time_us} must be a safe integer above the previous event's ${previous}`);
      }
      const timeUs = input.time_us ?? Math.max(previous + 1, Math.floor(now() * 1000));
      // Field order as Jetstream writes it: did, time_us, kind, then the kind's body.
      const { did, kind, time_us: _given, ...body } = input;
      const event = { did, time_us: timeUs, kind, ...body } as JetstreamEvent;
      log.push({ event, frame: JSON.stringify(event), collection: event.kind === 'commit' ? event.commit.collection : undefined });
      for (const subscriber of subscribers) pump(subscriber);
      return event;
    },
    sendRaw(text) {
      for (const subscriber of subscribers) {
        if (subscriber.silencedFrom !== undefined) continue;
        subscriber.raw.push({ at: log.length, text });
        pump(subscriber);
      }
    },
    dropConnections() {
      for (const subscriber of subscribers) close(subscriber);
    },
    silence(on) {
      for (const subscriber of subscribers) {
        if (on && subscriber.silencedFrom === undefined) {
          subscriber.silencedFrom = log.length;
        } else if (!on && subscriber.silencedFrom !== undefined) {
          subscriber.gaps.push({ from: subscriber.silencedFrom, to: log.length });
          subscriber.silencedFrom = undefined;
          pump(subscriber);
        }
      }
    },
    freeze(on) {
      for (const subscriber of subscribers) {
        if (on && !subscriber.frozen) {
          subscriber.frozen = true;
          // ws.pause() pauses the net.Socket and keeps ws from resuming it by itself.
          subscriber.ws.pause();
        } else if (!on && subscriber.frozen) {
          subscriber.frozen = false;
          subscriber.ws.resume();
          pump(subscriber);
        }
      }
    },
    refuseConnections(status) {
      refusal = status;
    },
    waitForConnections(n, timeoutMs) {
      return waiters.wait(n, timeoutMs);
    },
    async close() {
      waiters.fail(new Error('the Jetstream test server closed'));
      for (const subscriber of subscribers) close(subscriber);
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The query as Jetstream's ParseQuery and ResolveCursor read it; throws InvalidRequest with the 400's text. */
function parseSubscribeQuery(params: URLSearchParams, headers: IncomingHttpHeaders): SubscribeQuery {
  if (params.get('compress') === 'true' || String(headers['socket-encoding'] ?? '').includes('zstd')) {
    throw new InvalidRequest(
      'compress=true / Socket-Encoding: zstd (zstd with the Jetstream dictionary) is not implemented by this test server: connect without it',
    );
  }
  const wantedCollections = params.getAll('wantedCollections');
  const wantedDids = params.getAll('wantedDids');
  const filter = parseFilter(wantedCollections, wantedDids);
  return { cursor: parseCursor(params.get('cursor') ?? ''), wantedCollections, wantedDids, requireHello: params.get('requireHello') === 'true', filter };
}

function parseCursor(raw: string): number | undefined {
  if (raw === '') return undefined;
  if (!/^[+-]?\d+$/u.test(raw)) throw new InvalidRequest(`subscribe: invalid cursor: ${JSON.stringify(raw)}`);
  const cursor = Number(raw);
  if (cursor < 0) throw new InvalidRequest(`subscribe: invalid cursor: negative value ${raw}`);
  if (cursor < CURSOR_SEQ_THRESHOLD) {
    throw new InvalidRequest(
      `subscribe: invalid cursor: ${raw} is below 10^15, which Jetstream reads as a sequence number; this test server replays unix-microsecond cursors only (milliseconds sent by mistake?)`,
    );
  }
  return cursor;
}

function parseFilter(wantedCollections: string[], wantedDids: string[]): Filter {
  let collections: Filter['collections'];
  if (wantedCollections.length > 0) {
    collections = { exact: new Set(), prefixes: [] };
    for (const raw of wantedCollections) {
      // Like Jetstream: any "<prefix>.*" is accepted as it is; everything else must be an NSID.
      if (raw.endsWith('.*')) {
        const prefix = raw.slice(0, -1);
        if (!collections.prefixes.includes(prefix)) collections.prefixes.push(prefix);
      } else if (raw.length <= 317 && NSID.test(raw)) {
        collections.exact.add(raw);
      } else {
        throw new InvalidRequest(`subscribe: invalid options: invalid collection: ${raw}`);
      }
      if (collections.exact.size + collections.prefixes.length > MAX_WANTED_COLLECTIONS) {
        throw new InvalidRequest(`subscribe: invalid options: too many wanted collections: > ${MAX_WANTED_COLLECTIONS}`);
      }
    }
  }
  let dids: Set<string> | undefined;
  if (wantedDids.length > 0) {
    for (const raw of wantedDids) if (raw.length > 2048 || !DID.test(raw)) throw new InvalidRequest(`subscribe: invalid options: invalid DID: ${raw}`);
    dids = new Set(wantedDids);
    if (dids.size > MAX_WANTED_DIDS) throw new InvalidRequest(`subscribe: invalid options: too many wanted DIDs: ${dids.size} > ${MAX_WANTED_DIDS}`);
  }
  return { collections, dids };
}

/** wantedDids applies to every kind; wantedCollections to commits only (v1 parity). */
function wants(filter: Filter, entry: LogEntry): boolean {
  if (filter.dids && !filter.dids.has(entry.event.did)) return false;
  const collection = entry.collection;
  if (!filter.collections || !collection) return true;
  return filter.collections.exact.has(collection) || filter.collections.prefixes.some((prefix) => collection.startsWith(prefix));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

/** A refused upgrade, as Go's http.Error writes it: plain text and a newline. */
function refuse(socket: Socket, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  response.end(`${message}\n`);
}
