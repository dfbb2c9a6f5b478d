import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@trendstream/contracts/socket-events';
import { createLogger } from '@trendstream/runtime/logger';
import { LiveTrends, type LiveTrendsOptions, type TrendsServer } from '../../../src/live/live-trends.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { TrendsService, type TrendsQuery } from '../../../src/trends/trends-service.js';
import { trendsServiceOverEmptyDatabase } from './trends-service.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The real TrendsService, slow as a database is: each trends() answers a turn of the event loop later, or,
 * while `hold()` is on, when `release()` is called. It counts the computations and how many ran at once.
 */
export class SlowTrendsService extends TrendsService {
  readonly computed: TrendsQuery[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private held: Array<() => void> | undefined;

  override async trends(query: TrendsQuery, watermark?: number | null) {
    this.computed.push(query);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve) => (this.held ? this.held.push(resolve) : setImmediate(resolve)));
      return await super.trends(query, watermark);
    } finally {
      this.inFlight--;
    }
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const resolve of held) resolve();
  }

  resetMax(): void {
    this.maxInFlight = this.inFlight;
  }
}

/** LiveTrends on a real socket.io server on loopback, over a SlowTrendsService. */
export async function startLiveServer(options: Partial<LiveTrendsOptions> = {}) {
  const service = await trendsServiceOverEmptyDatabase(SlowTrendsService, { bucketMs: 5_000, now: Date.now });
  const http = createServer();
  const io: TrendsServer = new Server(http);
  // Deltas every minute: the properties look at subscriptions, not at ticks.
  const live = new LiveTrends(
    io,
    service,
    { deltaIntervalMs: 60_000, idleRefreshMs: 60_000, limit: 20, ...options },
    { logger: createLogger('property', 'silent'), metrics: createMetrics(), now: Date.now },
  );
  live.start();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  return {
    service,
    live,
    io,
    /** A connected client, closed by close(); `listen` adds its listeners before anything can arrive. */
    async connect(listen: (client: Client) => void = () => {}): Promise<Client> {
      const client: Client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(client);
      listen(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('connect_error', reject);
      });
      return client;
    },
    async close(): Promise<void> {
      for (const client of clients) client.close();
      live.stop();
      await io.close();
    },
  };
}

export type LiveServer = Awaited<ReturnType<typeof startLiveServer>>;
