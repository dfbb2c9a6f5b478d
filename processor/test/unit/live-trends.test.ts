import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { createLogger } from '@trendstream/runtime/logger';
import type { ClientToServerEvents, ServerToClientEvents, TrendsSnapshot } from '@trendstream/contracts/socket-events';
import { LiveTrends, type TrendsServer } from '../../src/live/live-trends.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { TrendsService } from '../../src/trends/trends-service.js';

describe('LiveTrends on a real socket.io server', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers a resync sent before any snapshot went out (the first one failed) with a snapshot, instead of silence', async () => {
    let calls = 0;
    const answer: TrendsResponse = { window: '5m', asOf: '2026-12-01T00:00:00.000Z', words: [{ word: 'kafka', count: 3, score: 0 }] };
    const service = {
      windows: ['1m', '5m'],
      trends: () => (++calls === 1 ? Promise.reject(new Error('MySQL is restarting')) : Promise.resolve(answer)),
      progress: () => Promise.resolve({ watermark: null }),
    } as unknown as TrendsService;
    const http = createServer();
    const io: TrendsServer = new Server(http);
    const live = new LiveTrends(
      io,
      service,
      { deltaIntervalMs: 60_000, idleRefreshMs: 60_000, limit: 20 },
      { logger: createLogger('test', 'silent'), metrics: createMetrics(), now: Date.now },
    );
    live.start();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      live.stop();
      return io.close().then(() => undefined);
    });

    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ['websocket'],
      reconnection: false,
    });
    cleanups.push(() => void client.close());
    const snapshots: TrendsSnapshot[] = [];
    client.on('trends:snapshot', (snapshot) => snapshots.push(snapshot));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    // The snapshot pushed on connect failed: nothing arrives until the client asks again.
    await expect.poll(() => calls, { timeout: 5_000 }).toBe(1);
    expect(snapshots).toEqual([]);

    client.emit('trends:resync');
    await expect.poll(() => snapshots.length, { timeout: 5_000 }).toBe(1);
    expect(snapshots[0]).toMatchObject({ seq: 0, window: '5m', words: answer.words });
  });
});
