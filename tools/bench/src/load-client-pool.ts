import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TrendsSubscription } from '@trendstream/contracts/socket-events';
import { DelayHistogram } from './load-delays.js';
import { roomOf, type ClientPlan, type CloseResult, type CollectRequest, type CollectResult, type GrowRequest, type GrowResult } from './load-protocol.js';
import { UsageMeter } from './load-usage.js';

type TrendsClient = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Client {
  socket: TrendsClient;
  room: string;
  dropped: boolean;
  /** Deltas received since the last mark(). */
  deltas: number;
}

const COLLECT_POLL_MS = 50;
const MAX_ERRORS_KEPT = 5;

/**
 * The socket.io clients of one client process: each its own connection (websocket only, no multiplexing,
 * no reconnection, so a failure is counted rather than hidden), following one subscription, noting when each
 * delta arrives.
 */
export class ClientPool {
  private readonly clients: Client[] = [];
  /** Receipt times per room and seq, since the last mark(). */
  private receipts = new Map<string, Map<number, number[]>>();
  private capturing = false;
  private closing = false;
  private readonly usage = new UsageMeter();

  async grow(request: GrowRequest): Promise<GrowResult> {
    const errors: string[] = [];
    let failed = 0;
    let next = this.clients.length;
    const worker = async () => {
      while (next < request.total && !this.closing) {
        const index = next++;
        const plan = request.plans[(request.offset + index * request.stride) % request.plans.length] as ClientPlan;
        try {
          this.clients.push(await this.connectOne(request.url, plan, request.timeoutMs));
        } catch (error) {
          failed += 1;
          if (errors.length < MAX_ERRORS_KEPT) errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: request.concurrency }, worker));
    return { clients: this.clients.length, ready: this.clients.filter((client) => !client.dropped).length, failed, errors };
  }

  /** Starts a measured window: receipts from now on are kept, usage is measured from now. */
  mark(): void {
    this.receipts = new Map();
    for (const client of this.clients) client.deltas = 0;
    this.capturing = true;
    this.usage.mark();
  }

  /**
   * Waits until every client has received every delta of `emits` sent to its room (or the deadline passed),
   * then returns the delays from each emit to each receipt.
   */
  async collect({ emits, deadline }: CollectRequest): Promise<CollectResult> {
    const usage = this.usage.read();
    const members = new Map<string, number>();
    for (const client of this.clients) if (!client.dropped) members.set(client.room, (members.get(client.room) ?? 0) + 1);
    const expectedOf = (room: string) => members.get(room) ?? 0;
    const complete = () => emits.every((emit) => (this.receipts.get(emit.room)?.get(emit.seq)?.length ?? 0) >= expectedOf(emit.room));
    while (!complete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, COLLECT_POLL_MS));
    this.capturing = false;

    const delays = new DelayHistogram();
    let expected = 0;
    let received = 0;
    for (const emit of emits) {
      const times = this.receipts.get(emit.room)?.get(emit.seq) ?? [];
      const wanted = expectedOf(emit.room);
      expected += wanted;
      received += times.length;
      for (const at of times) delays.add(at - emit.sentAt);
      delays.addMissing(Math.max(0, wanted - times.length));
    }
    this.receipts = new Map();
    return {
      clients: this.clients.length,
      dropped: this.clients.filter((client) => client.dropped).length,
      clientsWithDeltas: this.clients.filter((client) => client.deltas > 0).length,
      expected,
      received,
      delays: delays.toCounts(),
      usage,
    };
  }

  /** Disconnects every client and reports how many still count as connected afterwards (none, unless broken). */
  close(): CloseResult {
    this.closing = true;
    for (const client of this.clients) client.socket.disconnect();
    return { closed: this.clients.length, stillConnected: this.clients.filter((client) => client.socket.connected).length };
  }

  private connectOne(url: string, plan: ClientPlan, timeoutMs: number): Promise<Client> {
    const socket: TrendsClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
    const client: Client = { socket, room: roomOf(plan.subscription), dropped: false, deltas: 0 };
    socket.on('trends:delta', (delta) => this.onDelta(client, delta.seq));
    return new Promise<Client>((resolve, reject) => {
      const fail = (reason: string) => {
        clearTimeout(timer);
        socket.disconnect();
        reject(new Error(reason));
      };
      const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
      const ready = () => {
        clearTimeout(timer);
        socket.off('disconnect', early);
        socket.on('disconnect', () => {
          if (!this.closing) client.dropped = true;
        });
        resolve(client);
      };
      const early = (reason: string) => fail(`disconnected before ready: ${reason}`);
      socket.once('connect_error', (error) => fail(`connect_error: ${error.message}`));
      socket.once('disconnect', early);
      if (plan.subscribe) {
        socket.once('connect', () =>
          socket.emit('trends:subscribe', plan.subscription, (ack) => (ack.ok ? ready() : fail(`subscribe refused: ${ack.error ?? ''}`))),
        );
      } else {
        socket.once('trends:snapshot', (snapshot) => (sameFollow(snapshot, plan.subscription) ? ready() : fail(`unexpected snapshot for ${snapshot.window}`)));
      }
    });
  }

  private onDelta(client: Client, seq: number): void {
    if (!this.capturing) return;
    const at = Date.now();
    client.deltas += 1;
    let bySeq = this.receipts.get(client.room);
    if (!bySeq) {
      bySeq = new Map<number, number[]>();
      this.receipts.set(client.room, bySeq);
    }
    const times = bySeq.get(seq);
    if (times) times.push(at);
    else bySeq.set(seq, [at]);
  }
}

function sameFollow(snapshot: TrendsSubscription, subscription: TrendsSubscription): boolean {
  return snapshot.window === subscription.window && (snapshot.lang ?? '') === (subscription.lang ?? '') && (snapshot.tag ?? '') === (subscription.tag ?? '');
}
