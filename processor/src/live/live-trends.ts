import type { Server, Socket } from 'socket.io';
import type { TrendsResponse, TrendWord } from '@trendstream/contracts/api-types';
import type { Logger } from '@trendstream/runtime/logger';
import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type TrendsSnapshot,
  type TrendsSubscription,
} from '@trendstream/contracts/socket-events';
import { diffTrendWords } from '@trendstream/contracts/trend-delta';
import type { Metrics } from '../observability/metrics.js';
import type { TrendsService } from '../trends/trends-service.js';
import { checkSubscription, defaultWindow, roomKey, type SubscriptionCheck } from './subscription.js';

export type TrendsServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TrendsSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Accepted = Extract<SubscriptionCheck, { ok: true }>;
type Ack = (result: SubscribeAck) => void;

interface Room {
  subscription: TrendsSubscription;
  /** The windows' version its words were last computed at (TrendsService.answersAt); unset: compute. */
  version?: string;
  seq: number;
  asOf: string;
  words: TrendWord[];
}

/** One subscription to answer, for one message or for several identical ones that waited together. */
interface SubscribeRequest {
  check: Accepted;
  acks: Ack[];
  messages: number;
}

/** What the server keeps per socket. */
interface Client {
  /** The room whose deltas the socket receives, once its first snapshot went out. */
  room: string | undefined;
  /** What it last asked to follow, so a resync can be answered before its first snapshot went out. */
  requested: Accepted;
  /** One of its subscriptions is being answered; those that arrive meanwhile wait, only the latest of them. */
  busy: boolean;
  queued: SubscribeRequest | undefined;
}

/**
 * Distinct subscriptions (window, lang, tag) followed at once by default. Each is recomputed from MySQL on every
 * delta tick, so their number is what bounds a tick's cost; the default subscription is never refused.
 */
export const DEFAULT_MAX_ROOMS = 200;

export interface LiveTrendsOptions {
  deltaIntervalMs: number;
  /** Recompute at least this often even without new posts: an idle watermark still moves windows. */
  idleRefreshMs: number;
  limit: number;
  /** Default DEFAULT_MAX_ROOMS. */
  maxRooms?: number;
}

/** Why a client's message was not acted on. Every refusal is counted (`refusals()`); those with an ack are answered. */
export type RefusalReason = 'invalid_subscription' | 'replaced' | 'too_many_rooms' | 'unknown_event' | 'dropped_connection';

const REPLACED: SubscribeAck = { ok: false, error: 'replaced by a later trends:subscribe before it was answered' };
/** Identical subscriptions waiting together keep at most this many acks; older ones are answered REPLACED. */
const MAX_WAITING_ACKS = 16;

const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>(['trends:subscribe', 'trends:resync']);

/**
 * Whether a socket was closed because its client broke the protocol: a packet that does not parse (engine.io
 * says "parse error", socket.io "forced close"), or on WebSocket a frame against the rules, such as one over
 * socket.io's `maxHttpBufferSize` (1 MB; ws closes with 1009). A network failure closes with "transport close".
 */
function brokeProtocol(reason: string, transport: string): boolean {
  return reason === 'parse error' || reason === 'forced close' || (reason === 'transport error' && transport === 'websocket');
}

/**
 * socket.io snapshots and sequenced deltas. Every room (window, lang, tag) holds the list its clients were
 * last sent; after commits (at most every deltaIntervalMs) the list is recomputed from MySQL and only the
 * difference goes out, numbered. A snapshot is sent from the room's current list, so a client's snapshot
 * and the deltas after it always line up.
 *
 * One client cannot make the server compute without bound: a socket's subscriptions are answered one at a
 * time, in order, and of those that arrive while one is computed only the latest is kept (the others are
 * answered "replaced"); a new room is computed once however many sockets ask for it; at most `maxRooms`
 * rooms exist at once.
 */
export class LiveTrends {
  private readonly rooms = new Map<string, Room>();
  /** Rooms being computed for the first time, shared by every socket that asks for one meanwhile. */
  private readonly pending = new Map<string, Promise<TrendsResponse>>();
  private readonly refused = new Map<RefusalReason, number>();
  private readonly maxRooms: number;
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
  ) {
    this.maxRooms = options.maxRooms ?? DEFAULT_MAX_ROOMS;
  }

  start(): void {
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.timer = setInterval(() => void this.tick(), this.options.deltaIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** Client messages refused or dropped since the start, by reason. */
  refusals(): Readonly<Partial<Record<RefusalReason, number>>> {
    return Object.fromEntries(this.refused);
  }

  /** Rooms followed now (including those being computed). */
  roomCount(): number {
    return this.rooms.size + this.pending.size;
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
    const client: Client = { room: undefined, requested: this.defaultSubscription(), busy: false, queued: undefined };
    socket.on('disconnect', (reason) => {
      this.deps.metrics.connectedClients.dec();
      if (brokeProtocol(reason, socket.conn.transport.name)) this.refuse('dropped_connection');
    });
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (CLIENT_EVENTS.has(String(event))) return;
      this.refuse('unknown_event');
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as Ack)({ ok: false, error: `unknown event; this server handles ${[...CLIENT_EVENTS].join(' and ')}` });
    });
    socket.on('trends:subscribe', (...args: unknown[]) => this.onSubscribe(socket, client, args));
    socket.on('trends:resync', () => {
      const room = client.room === undefined ? undefined : this.rooms.get(client.room);
      if (room) socket.emit('trends:snapshot', snapshotOf(room));
      // No snapshot went out yet (the first one failed): send it now. While one is being answered, its snapshot is the fresh one.
      else if (!client.busy) this.request(socket, client, requestOf(client.requested));
    });
    this.request(socket, client, requestOf(client.requested));
  }

  private onSubscribe(socket: TrendsSocket, client: Client, args: unknown[]): void {
    // socket.io passes the ack last: a client that sends it alone, or after extra arguments, is still answered.
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    const check = checkSubscription(ack && args.length === 1 ? undefined : args[0], this.service.windows);
    if (!check.ok) {
      this.refuse('invalid_subscription');
      ack?.({ ok: false, error: check.error });
      return;
    }
    this.request(socket, client, requestOf(check, ack));
  }

  private request(socket: TrendsSocket, client: Client, request: SubscribeRequest): void {
    client.requested = request.check;
    if (!client.busy) {
      void this.answerInTurn(socket, client, request);
      return;
    }
    const waiting = client.queued;
    // The same subscription again (a client retrying) waits with the first one: both get its snapshot.
    if (waiting?.check.key === request.check.key) {
      waiting.acks.push(...request.acks);
      waiting.messages += request.messages;
      // A client repeating itself thousands of times does not make the server keep thousands of acks.
      for (const ack of waiting.acks.splice(0, Math.max(0, waiting.acks.length - MAX_WAITING_ACKS))) {
        this.refuse('replaced');
        waiting.messages--;
        ack(REPLACED);
      }
      return;
    }
    if (waiting) {
      this.refuse('replaced', waiting.messages);
      for (const ack of waiting.acks) ack(REPLACED);
    }
    client.queued = request;
  }

  private async answerInTurn(socket: TrendsSocket, client: Client, first: SubscribeRequest): Promise<void> {
    client.busy = true;
    let next: SubscribeRequest | undefined = first;
    while (next && !socket.disconnected) {
      await this.answer(socket, client, next);
      next = client.queued;
      client.queued = undefined;
    }
    client.busy = false;
  }

  /** Joins the socket to the subscription's room and sends its snapshot; never throws. */
  private async answer(socket: TrendsSocket, client: Client, { check, acks, messages }: SubscribeRequest): Promise<void> {
    const { key, subscription } = check;
    const ack = (result: SubscribeAck) => acks.forEach((answer) => answer(result));
    let room = this.rooms.get(key);
    if (!room) {
      const computing = this.firstTrends(key, subscription);
      if (!computing) {
        this.refuse('too_many_rooms', messages);
        ack({
          ok: false,
          error: `the server follows ${this.maxRooms} distinct subscriptions, its limit; try again later, or follow one without lang or tag`,
        });
        return;
      }
      let trends: TrendsResponse;
      try {
        trends = await computing;
      } catch {
        ack({ ok: false, error: 'the server could not compute trends; try again' });
        return;
      }
      // Another socket may have created the room while we waited; keep the first so seq stays consistent.
      room = this.rooms.get(key) ?? this.addRoom(key, subscription, trends);
    }
    if (socket.disconnected) return;
    // Leave, join and snapshot without an await in between, so no delta can slip between them.
    if (client.room !== undefined && client.room !== key) void socket.leave(client.room);
    void socket.join(key);
    client.room = key;
    socket.emit('trends:snapshot', snapshotOf(room));
    ack({ ok: true });
  }

  /** The first list of a new room, computed once however many sockets ask meanwhile; undefined when rooms are full. */
  private firstTrends(key: string, subscription: TrendsSubscription): Promise<TrendsResponse> | undefined {
    const pending = this.pending.get(key);
    if (pending) return pending;
    if (key !== this.defaultSubscription().key && !this.hasSpareRoom()) return undefined;
    const computing = this.service
      .trends({ ...subscription, limit: this.options.limit, sort: 'count' })
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error, subscription }, 'could not compute trends for a subscription');
        throw error;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, computing);
    return computing;
  }

  private hasSpareRoom(): boolean {
    // Rooms left by their last socket go at the next tick; make their place free now.
    for (const key of this.rooms.keys()) if (!this.hasMembers(key)) this.rooms.delete(key);
    return this.rooms.size + this.pending.size < this.maxRooms;
  }

  private addRoom(key: string, subscription: TrendsSubscription, trends: TrendsResponse): Room {
    const room = { subscription, seq: 0, asOf: trends.asOf, words: trends.words };
    this.rooms.set(key, room);
    return room;
  }

  private hasMembers(key: string): boolean {
    return (this.io.sockets.adapter.rooms.get(key)?.size ?? 0) > 0;
  }

  private defaultSubscription(): Accepted {
    const subscription = { window: defaultWindow(this.service.windows) };
    return { ok: true, subscription, key: roomKey(subscription) };
  }

  private refuse(reason: RefusalReason, messages = 1): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + messages);
    this.deps.metrics.socketRefusals.inc({ reason }, messages);
  }

  private async tick(): Promise<void> {
    const now = this.deps.now();
    if (this.refreshing || now - this.lastRefresh < this.options.deltaIntervalMs) return;
    if (!this.dirty && now - this.lastRefresh < this.options.idleRefreshMs) return;
    this.refreshing = true;
    const committed = this.dirty;
    this.dirty = false;
    this.lastRefresh = now;
    const receipts = this.pendingReceipts;
    this.pendingReceipts = [];
    try {
      let emitted = false;
      // One watermark and one catch-up for every room of this tick, then no query per room. A room whose window
      // neither moved nor changed is not recomputed; it gets a delta carrying only the new watermark when this
      // processor committed posts since the last tick (so clients see the pipeline moving), and none when idle:
      // an idle window then costs one delta per bucket, not one per tick.
      const { watermark } = await this.service.progress();
      const answers = await this.service.answersAt(watermark);
      for (const [key, room] of this.rooms) {
        if (!this.hasMembers(key)) {
          this.rooms.delete(key);
          continue;
        }
        const version = answers.version(room.subscription);
        const unchanged = version === room.version;
        if (unchanged && (!committed || answers.asOf === room.asOf)) continue;
        room.version = version;
        const trends = unchanged
          ? { words: room.words, asOf: answers.asOf }
          : answers.trends({ ...room.subscription, limit: this.options.limit, sort: 'count' });
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

function requestOf(check: Accepted, ack?: Ack): SubscribeRequest {
  return { check, acks: ack ? [ack] : [], messages: 1 };
}

function snapshotOf(room: Room): TrendsSnapshot {
  return { seq: room.seq, window: room.subscription.window, ...pick(room.subscription), asOf: room.asOf, words: room.words };
}

function pick({ lang, tag }: TrendsSubscription): { lang?: string; tag?: string } {
  return { ...(lang ? { lang } : {}), ...(tag ? { tag } : {}) };
}
