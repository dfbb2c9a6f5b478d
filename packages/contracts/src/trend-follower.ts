import type { TrendWord } from './api-types.js';
import type { TrendsDelta, TrendsSnapshot } from './socket-events.js';
import { applyTrendChanges } from './trend-delta.js';

export interface FollowerState {
  seq: number;
  window: string;
  asOf: string;
  words: readonly TrendWord[];
}

export type FollowResult =
  | { action: 'applied'; state: FollowerState }
  /** A delta the snapshot already includes (it was sent before the snapshot arrived). */
  | { action: 'stale'; state: FollowerState }
  /** A delta is missing: ask the server for a fresh snapshot. */
  | { action: 'resync'; state: FollowerState };

export function fromSnapshot(snapshot: TrendsSnapshot): FollowerState {
  return { seq: snapshot.seq, window: snapshot.window, asOf: snapshot.asOf, words: snapshot.words };
}

/** How a client follows `trends:delta` events: the same rules in the dashboard and in tests. */
export function followDelta(state: FollowerState, delta: TrendsDelta): FollowResult {
  if (delta.window !== state.window || delta.seq <= state.seq) return { action: 'stale', state };
  if (delta.seq !== state.seq + 1) return { action: 'resync', state };
  return {
    action: 'applied',
    state: { seq: delta.seq, window: delta.window, asOf: delta.asOf, words: applyTrendChanges(state.words, delta.changes) },
  };
}
