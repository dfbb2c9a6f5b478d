import type { Server, Socket } from 'socket.io';
import type { TrendWord } from '@trendstream/contracts/api-types';
import type { Logger } from '@trendstream/runtime/logger';
import { type ClientToServerEvents, type ServerToClientEvents, type TrendsSnapshot, type TrendsSubscription } from '@trendstream/contracts/socket-events';
import { diffTrendWords } from '@trendstream/contracts/trend-delta';
import type { Metrics } from '../observability/metrics.js';
import type { TrendsService } from '../trends/trends-service.js';
import { checkSubscription, type SubscriptionCheck } from './subscription.js';

export type TrendsServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TrendsSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  subscription: TrendsSubscription;
  seq: number;
  asOf: string;
  words: TrendWord[];
}

export interface LiveTrendsOptions {
  deltaIntervalMs: number;
  /** Recompute at least this often even without new posts: an idle watermark still moves windows. */
  idleRefreshMs: number;
  limit: number;
}

/**
 * socket.io snapshots and sequenced deltas. Every room (window, lang, tag) holds the list its clients were
 * last sent; after commits (at most every deltaIntervalMs) the list is recomputed from MySQL and only the
 * difference goes out, numbered. A snapshot is sent from the room's current list, so a client's snapshot
 * and the deltas after it always line up.
 */
export class LiveTrends {
  private readonly rooms = new Map<string, Room>();
  private readonly socketRooms = new Map<string, string>();
  /** The latest subscribe request per socket: an older one finishing later must not win. */
  private readonly latestRequest = new Map<string, number>();
  /** What each socket last asked to follow, so a resync can be answered before its first snapshot went out. */
  private readonly requested = new Map<string, Extract<SubscriptionCheck, { ok: true }>>();
  private requests = 0;
  private dirty = false;
  private lastRefresh = 0;
  private pendingReceipts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private soon: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: TrendsServer,
    private readonly service: TrendsService,
    private readonly options: LiveTrendsOptions,
    private readonly deps: { logger: Logger; metrics: Metrics; now: () => number; onLatency?: (ms: readonly number[]) => void },
  ) {}

  start(): void {
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.timer = setInterval(() => void this.tick(), this.options.deltaIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** Called after every committed batch with the receipt times of the posts it counted. */
  notifyCommitted(receivedAt: readonly number[]): void {
    this.dirty = true;
    if (receivedAt.length > 0 && this.pendingReceipts.length < 100_000) this.pendingReceipts.push(...receivedAt);
    // Send as soon as the rate limit allows rather than at the next fixed tick: it halves the average wait.
    if (!this.soon) {
      const wait = Math.max(0, this.lastRefresh + this.options.deltaIntervalMs - this.deps.now());
      this.soon = setTimeout(() => {
        this.soon = undefined;
        void this.tick();
      }, wait);
    }
  }

  private onConnection(socket: TrendsSocket): void {
    this.deps.metrics.connectedClients.inc();
    socket.on('disconnect', () => {
      this.deps.metrics.connectedClients.dec();
      this.socketRooms.delete(socket.id);
      this.latestRequest.delete(socket.id);
      this.requested.delete(socket.id);
    });
    socket.on('trends:subscribe', (input, ack) => {
      const check = checkSubscription(input, this.service.windows);
      if (!check.ok) {
        if (typeof ack === 'function') ack({ ok: false, error: check.error });
        return;
      }
      this.subscribe(socket, check.key, check.subscription).then(
        () => typeof ack === 'function' && ack({ ok: true }),
        (error: unknown) => {
          this.deps.logger.warn({ err: error }, 'could not subscribe a client');
          if (typeof ack === 'function') ack({ ok: false, error: 'the server could not compute trends; try again' });
        },
      );
    });
    socket.on('trends:resync', () => {
      const key = this.socketRooms.get(socket.id);
      const room = key ? this.rooms.get(key) : undefined;
      if (room) {
        socket.emit('trends:snapshot', snapshotOf(room));
        return;
      }
      // No snapshot went out yet (the first one failed, or is still being computed): send it now.
      this.subscribeOrWarn(socket, this.requested.get(socket.id) ?? checkSubscription({}, this.service.windows));
    });
    this.subscribeOrWarn(socket, checkSubscription({}, this.service.windows));
  }

  private subscribeOrWarn(socket: TrendsSocket, check: SubscriptionCheck): void {
    if (!check.ok) return;
    this.subscribe(socket, check.key, check.subscription).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not send a snapshot'));
  }

  private async subscribe(socket: TrendsSocket, key: string, subscription: TrendsSubscription): Promise<void> {
    const request = ++this.requests;
    this.latestRequest.set(socket.id, request);
    this.requested.set(socket.id, { ok: true, key, subscription });
    if (!this.rooms.has(key)) {
      const trends = await this.service.trends({ ...subscription, limit: this.options.limit, sort: 'count' });
      // Another client may have created the room while we waited; keep the first so seq stays consistent.
      if (!this.rooms.has(key)) this.rooms.set(key, { subscription, seq: 0, asOf: trends.asOf, words: trends.words });
    }
    const room = this.rooms.get(key);
    if (!room || socket.disconnected || this.latestRequest.get(socket.id) !== request) return;
    // Leave, join and snapshot without an await in between, so no delta can slip between them.
    const previous = this.socketRooms.get(socket.id);
    if (previous && previous !== key) void socket.leave(previous);
    void socket.join(key);
    this.socketRooms.set(socket.id, key);
    socket.emit('trends:snapshot', snapshotOf(room));
  }

  private async tick(): Promise<void> {
    const now = this.deps.now();
    if (this.refreshing || now - this.lastRefresh < this.options.deltaIntervalMs) return;
    if (!this.dirty && now - this.lastRefresh < this.options.idleRefreshMs) return;
    this.refreshing = true;
    this.dirty = false;
    this.lastRefresh = now;
    const receipts = this.pendingReceipts;
    this.pendingReceipts = [];
    try {
      let emitted = false;
      // One watermark for every room of this tick: the offsets are read once, not once per room.
      const { watermark } = await this.service.progress();
      for (const [key, room] of this.rooms) {
        if ((this.io.sockets.adapter.rooms.get(key)?.size ?? 0) === 0) {
          this.rooms.delete(key);
          continue;
        }
        const trends = await this.service.trends({ ...room.subscription, limit: this.options.limit, sort: 'count' }, watermark);
        const changes = diffTrendWords(room.words, trends.words);
        if (changes.length === 0 && trends.asOf === room.asOf) continue;
        room.seq += 1;
        room.words = trends.words;
        room.asOf = trends.asOf;
        this.io.to(key).emit('trends:delta', { seq: room.seq, window: room.subscription.window, asOf: room.asOf, changes });
        emitted = true;
      }
      if (emitted && receipts.length > 0) this.recordLatency(receipts);
    } catch (error) {
      this.dirty = true;
      this.deps.logger.warn({ err: error }, 'could not compute trend deltas; will retry');
    } finally {
      this.refreshing = false;
    }
  }

  private recordLatency(receipts: readonly number[]): void {
    const sentAt = this.deps.now();
    const latencies = receipts.map((receivedAt) => sentAt - receivedAt);
    for (const ms of latencies) this.deps.metrics.endToEndLatency.observe(ms / 1000);
    this.deps.onLatency?.(latencies);
  }
}

function snapshotOf(room: Room): TrendsSnapshot {
  return { seq: room.seq, window: room.subscription.window, ...pick(room.subscription), asOf: room.asOf, words: room.words };
}

function pick({ lang, tag }: TrendsSubscription): { lang?: string; tag?: string } {
  return { ...(lang ? { lang } : {}), ...(tag ? { tag } : {}) };
}
