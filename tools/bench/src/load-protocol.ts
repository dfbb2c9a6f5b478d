import type { TrendsSubscription } from '@trendstream/contracts/socket-events';

/**
 * What the processes of `npm run bench:load` tell each other over their IPC channels: the runner
 * (load-main.ts), the processor (load-processor-main.ts) and the client processes (load-clients-main.ts).
 */

/** One `trends:delta` the processor broadcast: to which room, with which seq, and when. */
export interface DeltaEmit {
  room: string;
  seq: number;
  /** Date.now() when the broadcast began (before the first socket was written to). */
  sentAt: number;
  /** How long the synchronous fan-out to every socket of the room took, in ms. */
  fanOutMs: number;
  /** Sockets in the room when it was sent. */
  recipients: number;
}

/** A process's own use of the machine over an interval. */
export interface ProcessUsage {
  /** CPU time over wall time: 100 is one core busy. */
  cpuPercent: number;
  /** Share of the interval the event loop was busy (0-1). */
  eventLoopUtilization: number;
  rssMb: number;
}

/** Delays in whole milliseconds, as [ms, how many] pairs (sparse), plus receipts that never came. */
export interface DelayCounts {
  counts: Array<[number, number]>;
  missing: number;
}

/** What one client follows. */
export interface ClientPlan {
  subscription: TrendsSubscription;
  /** false: the client sends no `trends:subscribe` and keeps the default every client gets on connecting. */
  subscribe: boolean;
}

export interface GrowRequest {
  url: string;
  /** Clients this process should hold once done. */
  total: number;
  /** Client i of this process follows plans[(offset + i * stride) % plans.length]. */
  offset: number;
  stride: number;
  plans: ClientPlan[];
  concurrency: number;
  timeoutMs: number;
}

export interface GrowResult {
  clients: number;
  ready: number;
  failed: number;
  /** The first few reasons, for the report. */
  errors: string[];
}

export interface CollectRequest {
  emits: DeltaEmit[];
  /** Epoch ms after which receipts still missing count as missed. */
  deadline: number;
}

export interface CollectResult {
  clients: number;
  /** Clients disconnected without being asked to since they connected. */
  dropped: number;
  /** Clients that received at least one delta of the measured window. */
  clientsWithDeltas: number;
  expected: number;
  received: number;
  delays: DelayCounts;
  usage: ProcessUsage;
}

export interface CloseResult {
  closed: number;
  stillConnected: number;
}

/** The room a subscription's deltas go to: the processor's own naming (processor/src/live/subscription.ts). */
export function roomOf(subscription: TrendsSubscription): string {
  return `trends:${subscription.window}:${subscription.lang ?? ''}:${subscription.tag ?? ''}`;
}
