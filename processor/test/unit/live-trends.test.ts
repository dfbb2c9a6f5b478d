import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { createLogger } from '@trendstream/runtime/logger';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck, TrendsSnapshot, TrendsSubscription } from '@trendstream/contracts/socket-events';
import { waitFor } from '@trendstream/testkit/wait-for';
import { LiveTrends, type LiveTrendsOptions, type TrendsServer } from '../../src/live/live-trends.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { TrendsQuery, TrendsService } from '../../src/trends/trends-service.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const answer = (query: TrendsQuery): TrendsResponse => ({
  window: query.window,
  asOf: '2026-12-01T00:00:00.000Z',
  words: [{ word: 'kafka', count: 3, score: 0 }],
});

/** A stand-in service whose trends() answers when the test says so, recording what it was asked. */
function controlledService() {
  const asked: TrendsQuery[] = [];
  const waiting: Array<() => void> = [];
  let held = false;
  const service = {
    windows: ['1m', '5m'],
    trends: (query: TrendsQuery) => {
      asked.push(query);
      return new Promise<TrendsResponse>((resolve) => (held ? waiting.push(() => resolve(answer(query))) : resolve(answer(query))));
    },
    progress: () => Promise.resolve({ watermark: null }),
  } as unknown as TrendsService;
  return {
    service,
    asked,
    hold: () => (held = true),
    release: () => {
      held = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

const pick = ({ window, lang, tag }: TrendsSnapshot | TrendsSubscription) => ({ window, lang, tag });

describe('LiveTrends on a real socket.io server', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(service: TrendsService, options: Partial<LiveTrendsOptions> = {}) {
    const http = createServer();
    const io: TrendsServer = new Server(http);
    const live = new LiveTrends(
      io,
      service,
      { deltaIntervalMs: 60_000, idleRefreshMs: 60_000, limit: 20, ...options },
      { logger: createLogger('test', 'silent'), metrics: createMetrics(), now: Date.now },
    );
    live.start();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      live.stop();
      return io.close().then(() => undefined);
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    /** A connected client with the snapshots it received. */
    const client = async () => {
      const socket: Client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      cleanups.push(() => void socket.close());
      const snapshots: TrendsSnapshot[] = [];
      socket.on('trends:snapshot', (snapshot) => snapshots.push(snapshot));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const subscribe = (subscription: unknown) =>
        new Promise<SubscribeAck>((resolve) => socket.emit('trends:subscribe', subscription as TrendsSubscription, resolve));
      return { socket, snapshots, subscribe };
    };
    return { live, client };
  }

  it('answers a resync sent before any snapshot went out (the first one failed) with a snapshot, instead of silence', async () => {
    let calls = 0;
    const good: TrendsResponse = { window: '5m', asOf: '2026-12-01T00:00:00.000Z', words: [{ word: 'kafka', count: 3, score: 0 }] };
    const service = {
      windows: ['1m', '5m'],
      trends: () => (++calls === 1 ? Promise.reject(new Error('MySQL is restarting')) : Promise.resolve(good)),
      progress: () => Promise.resolve({ watermark: null }),
    } as unknown as TrendsService;
    const { client } = await start(service);
    const { socket, snapshots } = await client();
    // The snapshot pushed on connect failed: nothing arrives until the client asks again.
    await expect.poll(() => calls, { timeout: 5_000 }).toBe(1);
    expect(snapshots).toEqual([]);

    socket.emit('trends:resync');
    await expect.poll(() => snapshots.length, { timeout: 5_000 }).toBe(1);
    expect(snapshots[0]).toMatchObject({ seq: 0, window: '5m', words: good.words });
  });

  it('answers a subscribe sent with an ack but no subscription (it was never answered)', async () => {
    const { live, client } = await start(controlledService().service);
    const { socket } = await client();
    const ack = await new Promise<SubscribeAck>((resolve) =>
      (socket as unknown as { emit: (event: string, ack: unknown) => void }).emit('trends:subscribe', resolve),
    );
    expect(ack).toEqual({ ok: false, error: 'subscription must be an object { window, lang?, tag? }' });
    expect(live.refusals()).toMatchObject({ invalid_subscription: 1 });
  });

  it('answers an unknown event that carries an ack with an error, and counts it', async () => {
    const { live, client } = await start(controlledService().service);
    const { socket } = await client();
    const ack = await new Promise<SubscribeAck>((resolve) =>
      (socket as unknown as { emit: (event: string, ...args: unknown[]) => void }).emit('trends:subscribe-all', {}, resolve),
    );
    expect(ack).toEqual({ ok: false, error: 'unknown event; this server handles trends:subscribe and trends:resync' });
    expect(live.refusals()).toMatchObject({ unknown_event: 1 });
  });

  it('computes one subscription of a socket at a time: of the requests meanwhile only the latest is kept, the others are answered "replaced"', async () => {
    const trends = controlledService();
    const { live, client } = await start(trends.service);
    const { subscribe, snapshots } = await client();
    await waitFor(() => snapshots.length === 1, { what: 'the snapshot on connect', timeoutMs: 5_000, intervalMs: 5 });
    trends.hold();
    const first = subscribe({ window: '1m' });
    await waitFor(() => trends.asked.length === 2, { what: 'the first subscription under way', timeoutMs: 5_000, intervalMs: 5 });
    const replaced = [subscribe({ window: '1m', lang: 'de' }), subscribe({ window: '1m', lang: 'fr' })];
    const latest = subscribe({ window: '5m', lang: 'ja' });
    expect(await Promise.all(replaced)).toEqual([
      { ok: false, error: 'replaced by a later trends:subscribe before it was answered' },
      { ok: false, error: 'replaced by a later trends:subscribe before it was answered' },
    ]);
    // Nothing else is computed while the first one is.
    expect(trends.asked).toHaveLength(2);
    trends.release();
    expect(await first).toEqual({ ok: true });
    expect(await latest).toEqual({ ok: true });
    expect(trends.asked.map(({ window, lang }) => ({ window, lang }))).toEqual([
      { window: '5m', lang: undefined },
      { window: '1m', lang: undefined },
      { window: '5m', lang: 'ja' },
    ]);
    // A snapshot for each acknowledged subscription, in order.
    expect(snapshots.map(pick)).toEqual([{ window: '5m' }, { window: '1m' }, { window: '5m', lang: 'ja' }].map(pick));
    expect(live.refusals()).toMatchObject({ replaced: 2 });
  });

  it('answers a subscription repeated while one is computed with its snapshot, not "replaced", keeping at most 16 acks', async () => {
    const trends = controlledService();
    const { live, client } = await start(trends.service);
    const { subscribe, snapshots } = await client();
    await waitFor(() => snapshots.length === 1, { what: 'the snapshot on connect', timeoutMs: 5_000, intervalMs: 5 });
    trends.hold();
    const first = subscribe({ window: '1m' });
    await waitFor(() => trends.asked.length === 2, { what: 'the first subscription under way', timeoutMs: 5_000, intervalMs: 5 });
    // A client retrying the same subscription: twenty times, with the language written two ways.
    const repeats = Array.from({ length: 20 }, (_, i) => subscribe({ window: '5m', lang: i % 2 === 0 ? 'de' : 'DE-at' }));
    const oldest = await Promise.all(repeats.slice(0, 4));
    expect(new Set(oldest.map((ack) => ack.error))).toEqual(new Set(['replaced by a later trends:subscribe before it was answered']));
    trends.release();
    expect(await first).toEqual({ ok: true });
    expect(await Promise.all(repeats.slice(4))).toEqual(Array.from({ length: 16 }, () => ({ ok: true })));
    // Computed once, sent once.
    expect(trends.asked).toHaveLength(3);
    expect(snapshots.map(pick)).toEqual([{ window: '5m' }, { window: '1m' }, { window: '5m', lang: 'de' }].map(pick));
    expect(live.refusals()).toMatchObject({ replaced: 4 });
  });

  it('computes a new room once however many sockets ask for it meanwhile', async () => {
    const trends = controlledService();
    const { client } = await start(trends.service);
    const clients = await Promise.all([client(), client(), client()]);
    await waitFor(() => clients.every(({ snapshots }) => snapshots.length === 1), { what: 'the snapshots on connect', timeoutMs: 5_000, intervalMs: 5 });
    const before = trends.asked.length;
    trends.hold();
    const acks = clients.map(({ subscribe }) => subscribe({ window: '1m', tag: 'kafka' }));
    await waitFor(() => trends.asked.length > before, { what: 'the room under way', timeoutMs: 5_000, intervalMs: 5 });
    trends.release();
    expect(await Promise.all(acks)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(trends.asked.length - before).toBe(1);
    for (const { snapshots } of clients) expect(snapshots.at(-1)).toMatchObject({ seq: 0, window: '1m', tag: 'kafka' });
  });

  it('refuses a new room beyond maxRooms with an error ack, never the default subscription, and reuses a room its last socket left', async () => {
    const trends = controlledService();
    const { live, client } = await start(trends.service, { maxRooms: 3 });
    const a = await client();
    const b = await client();
    await waitFor(() => a.snapshots.length === 1 && b.snapshots.length === 1, { what: 'the snapshots on connect', timeoutMs: 5_000, intervalMs: 5 });
    // The default room is one of the three: two more fit.
    expect(await a.subscribe({ window: '1m', lang: 'de' })).toEqual({ ok: true });
    expect(await b.subscribe({ window: '1m', lang: 'fr' })).toEqual({ ok: true });
    const c = await client();
    await waitFor(() => c.snapshots.length === 1, { what: 'the default snapshot, rooms being full', timeoutMs: 5_000, intervalMs: 5 });
    const refused = await c.subscribe({ window: '1m', lang: 'ja' });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^the server follows 3 distinct subscriptions, its limit/u) as unknown });
    expect(live.refusals()).toMatchObject({ too_many_rooms: 1 });
    // An existing room needs no place of its own.
    expect(await c.subscribe({ window: '1m', lang: 'de' })).toEqual({ ok: true });
    // b leaves its room for an existing one: the freed place takes a new room.
    expect(await b.subscribe({ window: '5m' })).toEqual({ ok: true });
    expect(await c.subscribe({ window: '1m', lang: 'ja' })).toEqual({ ok: true });
    expect(live.roomCount()).toBe(3);
  });
});
