import type { TrendWord } from './api-types.js';

/** What a client follows; before its first `trends:subscribe` it follows the 5m window, all languages. */
export interface TrendsSubscription {
  window: string;
  lang?: string;
  tag?: string;
}

export interface TrendsSnapshot {
  seq: number;
  window: string;
  lang?: string;
  tag?: string;
  asOf: string;
  words: TrendWord[];
}

export interface TrendsDelta {
  seq: number;
  window: string;
  asOf: string;
  /** Only what changed since `seq - 1`; `count: 0` means the word left the list. */
  changes: TrendWord[];
}

export interface SubscribeAck {
  ok: boolean;
  error?: string;
}

export interface ServerToClientEvents {
  'trends:snapshot': (snapshot: TrendsSnapshot) => void;
  'trends:delta': (delta: TrendsDelta) => void;
}

export interface ClientToServerEvents {
  'trends:subscribe': (subscription: TrendsSubscription, ack?: (result: SubscribeAck) => void) => void;
  /** Asks for a fresh snapshot, after a gap in `seq`. */
  'trends:resync': () => void;
}

export const DEFAULT_SUBSCRIPTION: TrendsSubscription = { window: '5m' };
