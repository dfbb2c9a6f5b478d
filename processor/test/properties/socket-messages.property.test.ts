import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscribeAck, TrendsSnapshot, TrendsSubscription } from '@trendstream/contracts/socket-events';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { RefusalReason } from '../../src/live/live-trends.js';
import { checkSubscription } from '../../src/live/subscription.js';
import { SOCKET_RUNS } from './runs.js';
import { WINDOWS } from './support/http-app.js';
import { goodLangs, goodTags, goodWindows, hugeString, trickyText } from './support/inputs.js';
import { startLiveServer, type Client, type LiveServer } from './support/live-server.js';

// Whatever one client sends over a real socket.io connection, the server answers every ack (an error says what
// was wrong), counts what it drops, keeps the connection, computes one subscription of the socket at a time, and
// keeps its promise: a snapshot for every subscription it acknowledges with ok.

/** socket.io-client refuses to emit these names itself. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const HANDLED = new Set(['trends:subscribe', 'trends:resync']);

type Message =
  | { kind: 'subscribe'; args: unknown[]; ack: boolean }
  | { kind: 'resync'; args: unknown[] }
  | { kind: 'unknown'; event: string; args: unknown[]; ack: boolean };

const field = fc.oneof(
  goodWindows,
  goodLangs.map(([raw]) => raw),
  goodTags.map(([raw]) => raw),
  fc.constantFrom('', ' ', null, 0, true, [], {}),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.array(trickyText, { maxLength: 5 }).map((parts) => parts.join('')),
  hugeString.filter((text) => text.length < 2_000),
);

/** What a client may put where the subscription goes: JSON of any shape, or a binary attachment. */
const payload = fc.oneof(
  { arbitrary: fc.record({ window: field, lang: field, tag: field }, { requiredKeys: [] }), weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
);
const extraArgs = fc.array(fc.oneof(fc.constantFrom('not a function', 5, null, true), fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 });
const args = fc.oneof(
  fc.constant<unknown[]>([]),
  payload.map((value): unknown[] => [value]),
  fc.tuple(payload, extraArgs).map(([value, extra]): unknown[] => [value, ...extra]),
);

const message: fc.Arbitrary<Message> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('subscribe' as const), args, ack: fc.boolean() }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('resync' as const), args: extraArgs }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('unknown' as const),
      event: fc.string({ maxLength: 30 }).filter((event) => !RESERVED.has(event) && !HANDLED.has(event)),
      args: extraArgs,
      ack: fc.boolean(),
    }),
    weight: 2,
  },
);

type Received = { type: 'snapshot'; snapshot: TrendsSnapshot } | { type: 'ack'; id: number; ack: SubscribeAck };

/** What the server receives: the payload after its trip through JSON (a Buffer stays a Buffer). */
const received = (value: unknown): unknown => (value === undefined || Buffer.isBuffer(value) ? value : JSON.parse(JSON.stringify(value)));

const sameSubscription = (snapshot: TrendsSnapshot | undefined, subscription: TrendsSubscription) =>
  snapshot !== undefined && snapshot.window === subscription.window && snapshot.lang === subscription.lang && snapshot.tag === subscription.tag;

/** The snapshot that arrived last before entry `index` of the log. */
function snapshotBefore(log: readonly Received[], index: number): TrendsSnapshot | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const entry = log[i]!;
    if (entry.type === 'snapshot') return entry.snapshot;
  }
  return undefined;
}

const delta = (after: Partial<Record<RefusalReason, number>>, before: Partial<Record<RefusalReason, number>>, reason: RefusalReason) =>
  (after[reason] ?? 0) - (before[reason] ?? 0);

describe('socket.io messages on bad input', () => {
  let server: LiveServer;
  let client: Client;
  const log: Received[] = [];
  let disconnected = false;

  beforeAll(async () => {
    server = await startLiveServer();
    client = await server.connect((socket) => {
      socket.on('trends:snapshot', (snapshot) => log.push({ type: 'snapshot', snapshot }));
      socket.on('disconnect', () => (disconnected = true));
    });
  });
  afterAll(() => server.close());

  it('answers every ack, counts every drop, and sends a snapshot for every subscription it accepts', async () => {
    // Sent untyped: the point is to send what the event map does not allow.
    const emit = (event: string, ...values: unknown[]) => (client as unknown as { emit: (...all: unknown[]) => void }).emit(event, ...values);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 20, size: 'max' }), goodWindows, async (messages, finalWindow) => {
        run++;
        log.length = 0;
        const before = server.live.refusals();
        server.service.resetMax();
        let invalid = 0;
        let unknown = 0;
        const expected = new Map<number, ReturnType<typeof checkSubscription> | 'unknown'>();
        messages.forEach((sent, id) => {
          const onAck = (ack: SubscribeAck) => log.push({ type: 'ack', id, ack });
          if (sent.kind === 'resync') {
            emit('trends:resync', ...sent.args);
          } else if (sent.kind === 'unknown') {
            unknown++;
            if (sent.ack) expected.set(id, 'unknown');
            emit(sent.event, ...sent.args, ...(sent.ack ? [onAck] : []));
          } else {
            const check = checkSubscription(received(sent.args[0]), WINDOWS);
            if (!check.ok) invalid++;
            if (sent.ack) expected.set(id, check);
            emit('trends:subscribe', ...sent.args, ...(sent.ack ? [onAck] : []));
          }
        });
        // A last subscription, acknowledged after everything before it (the server answers a socket in order).
        const final: TrendsSubscription = { window: finalWindow, tag: `run${run}` };
        emit('trends:subscribe', final, (ack: SubscribeAck) => log.push({ type: 'ack', id: -1, ack }));
        const finalAt = await waitFor(() => log.findIndex((entry) => entry.type === 'ack' && entry.id === -1) + 1, {
          what: 'the ack of the last subscription',
          timeoutMs: 10_000,
          intervalMs: 1,
        });
        expect(log[finalAt - 1]).toEqual({ type: 'ack', id: -1, ack: { ok: true } });
        expect(sameSubscription(snapshotBefore(log, finalAt - 1), final)).toBe(true);

        let replaced = 0;
        for (const [id, check] of expected) {
          const acks = log.flatMap((entry, index) => (entry.type === 'ack' && entry.id === id ? [{ ack: entry.ack, index }] : []));
          expect(acks, `acks of message ${id}`).toHaveLength(1);
          const { ack, index } = acks[0]!;
          if (check === 'unknown') {
            expect(ack).toEqual({ ok: false, error: expect.stringMatching(/^unknown event/u) as unknown });
          } else if (!check.ok) {
            expect(ack).toEqual({ ok: false, error: check.error });
          } else if (ack.ok) {
            expect(ack).toEqual({ ok: true });
            expect(sameSubscription(snapshotBefore(log, index), check.subscription), JSON.stringify(log.slice(0, index + 1))).toBe(true);
          } else {
            expect(ack).toEqual({ ok: false, error: 'replaced by a later trends:subscribe before it was answered' });
            replaced++;
          }
        }
        const after = server.live.refusals();
        expect(delta(after, before, 'invalid_subscription')).toBe(invalid);
        expect(delta(after, before, 'unknown_event')).toBe(unknown);
        expect(delta(after, before, 'replaced')).toBeGreaterThanOrEqual(replaced);
        // One subscription of a socket computed at a time; rooms it left do not pile up.
        expect(server.service.maxInFlight).toBeLessThanOrEqual(1);
        expect(server.live.roomCount()).toBeLessThanOrEqual(2);
        expect(disconnected).toBe(false);
      }),
      { numRuns: SOCKET_RUNS },
    );
  });
});

/** socket.io packets as a client library would never write them: truncated JSON, bad types, stray attachments. */
const socketIoPacket = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', ''),
      fc.constantFrom('', '1-', '2-', '/x,', '/,', '-'),
      fc.constantFrom('', '0', '1', '99999999999999999999'),
      fc.oneof(
        fc.json({ maxDepth: 2 }),
        fc.json({ maxDepth: 2 }).map((json) => json.slice(0, Math.floor(json.length / 2))),
      ),
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '1', // a DISCONNECT from the client: the server drops its socket and ignores what follows
    '2["trends:subscribe",',
    '2[]',
    '2[1,2]',
    '2["disconnect"]',
    '2["error","x"]',
    '51-["trends:subscribe",{"_placeholder":true,"num":0}]',
    '2{}',
  ),
);
/** engine.io frames under socket.io: an unknown packet type, a close, a ping, binary junk. */
const engineIoFrame = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('1', '2', '2probe', '3', '5', '6', '9', 'x', ''),
  fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
);

type EngineWithTransport = { write: (data: string) => void; transport: { ws?: { send: (data: string | Buffer) => void } } };

describe('socket.io connections on bad input', () => {
  let server: LiveServer;
  let watcher: Client;

  beforeAll(async () => {
    server = await startLiveServer();
    watcher = await server.connect();
  });
  afterAll(() => server.close());

  /** Whether the server still answers a well-behaved client. */
  const stillServes = async () => {
    const ack = await new Promise<SubscribeAck>((resolve) => watcher.emit('trends:subscribe', { window: '1m' }, resolve));
    expect(ack).toEqual({ ok: true });
  };

  it('survives any raw packet: the connection goes on answering, or only it is closed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          socketIoPacket.map((packet) => ({ level: 'socket.io' as const, packet })),
          engineIoFrame.map((packet) => ({ level: 'engine.io' as const, packet })),
        ),
        async ({ level, packet }) => {
          let disconnected = false;
          let acked = false;
          const client = await server.connect((socket) => socket.on('disconnect', () => (disconnected = true)));
          const id = client.id!;
          const engine = client.io.engine as unknown as EngineWithTransport;
          if (level === 'socket.io') engine.write(packet);
          else engine.transport.ws?.send(packet);
          client.emit('trends:subscribe', { window: '5m' }, () => (acked = true));
          // Closed: the connection, or only the socket on the server's side (the client's own DISCONNECT packet,
          // after which socket.io ignores what it sends, as for any client that left).
          const closed = () => disconnected || !server.io.sockets.sockets.has(id);
          await waitFor(() => acked || closed(), { what: 'an answer or a closed connection', timeoutMs: 10_000, intervalMs: 1 });
          client.close();
          await stillServes();
        },
      ),
      { numRuns: SOCKET_RUNS },
    );
  });

  it('closes a connection whose packet does not parse, and counts it', async () => {
    const before = server.live.refusals().dropped_connection ?? 0;
    let disconnected = false;
    const client = await server.connect((socket) => socket.on('disconnect', () => (disconnected = true)));
    (client.io.engine as unknown as EngineWithTransport).write('2["trends:subscribe",');
    await waitFor(() => disconnected, { what: 'the connection closed', timeoutMs: 10_000, intervalMs: 5 });
    await waitFor(() => server.live.refusals().dropped_connection === before + 1, { what: 'the drop counted', timeoutMs: 10_000, intervalMs: 5 });
    await stillServes();
  });

  // socket.io's maxHttpBufferSize (1 MB by default): the WebSocket refuses a bigger frame with close code 1009.
  it('closes a connection that sends a message over 1 MB, counts it, and goes on serving the others', async () => {
    const before = server.live.refusals().dropped_connection ?? 0;
    let reason = '';
    const client = await server.connect((socket) => socket.on('disconnect', (why) => (reason = why)));
    client.emit('trends:subscribe', { window: '5m', tag: 'a'.repeat(1_100_000) });
    await waitFor(() => reason, { what: 'the connection closed', timeoutMs: 10_000, intervalMs: 5 });
    expect(reason).toBe('transport close');
    await waitFor(() => server.live.refusals().dropped_connection === before + 1, { what: 'the drop counted', timeoutMs: 10_000, intervalMs: 5 });
    await stillServes();
  });

  it('answers a subscription just under 1 MB with an error, at once', async () => {
    const client = await server.connect();
    const started = performance.now();
    const ack = await new Promise<SubscribeAck>((resolve) =>
      client.emit('trends:subscribe', { window: '5m', lang: 'é'.repeat(200_000), tag: 'a'.repeat(500_000) }, resolve),
    );
    expect(ack).toEqual({ ok: false, error: 'lang must be an ISO 639 code such as en or ja' });
    const second = await new Promise<SubscribeAck>((resolve) => client.emit('trends:subscribe', { window: '5m', tag: 'a'.repeat(900_000) }, resolve));
    expect(second).toEqual({ ok: false, error: 'tag: a hashtag has at most 100 characters' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(client.connected).toBe(true);
  });
});

describe('one client asking for thousands of distinct subscriptions', () => {
  let server: LiveServer;
  beforeAll(async () => (server = await startLiveServer()));
  afterAll(() => server.close());

  it('costs two computations, not thousands: the one under way and the latest request; the others are answered "replaced"', async () => {
    const languages = Array.from({ length: 26 }, (_, i) => `a${String.fromCharCode(97 + i)}`);
    const subscriptions = WINDOWS.flatMap((window) => languages.flatMap((lang) => Array.from({ length: 30 }, (_, i) => ({ window, lang, tag: `tag${i}` }))));
    expect(subscriptions.length).toBeGreaterThan(3_000);
    // The database is slow: the snapshot computed on connect is still under way when the requests arrive.
    server.service.hold();
    const snapshots: TrendsSnapshot[] = [];
    const client = await server.connect((socket) => socket.on('trends:snapshot', (snapshot) => snapshots.push(snapshot)));
    await waitFor(() => server.service.inFlight === 1, { what: 'the first snapshot under way', intervalMs: 5 });
    const acks: SubscribeAck[] = [];
    for (const subscription of subscriptions) client.emit('trends:subscribe', subscription, (ack) => acks.push(ack));
    await waitFor(() => acks.length === subscriptions.length - 1, { what: 'every request but the latest answered', intervalMs: 5 });
    expect(new Set(acks.map((ack) => ack.error))).toEqual(new Set(['replaced by a later trends:subscribe before it was answered']));
    server.service.release();
    await waitFor(() => acks.length === subscriptions.length, { what: 'the latest request answered', intervalMs: 5 });
    expect(acks.at(-1)).toEqual({ ok: true });
    expect(snapshots.map(({ window, lang, tag }) => ({ window, lang, tag }))).toEqual([
      { window: '5m', lang: undefined, tag: undefined },
      subscriptions.at(-1),
    ]);
    expect(server.service.computed).toHaveLength(2);
    expect(server.service.maxInFlight).toBe(1);
    expect(server.live.refusals().replaced).toBe(subscriptions.length - 1);
    expect(server.live.roomCount()).toBeLessThanOrEqual(2);
  });
});
