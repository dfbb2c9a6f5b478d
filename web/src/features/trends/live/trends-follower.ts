import type { TrendWord } from '@trendstream/contracts/api-types';
import type { TrendsDelta, TrendsSnapshot, TrendsSubscription } from '@trendstream/contracts/socket-events';
import { applyTrendChanges } from '@trendstream/contracts/trend-delta';
import { followDelta } from '@trendstream/contracts/trend-follower';

/**
 * The client side of the socket.io trends protocol (docs/api.md), as a pure state machine: no socket, no timers,
 * time passed in. The socket wiring feeds it inputs and carries out the commands it returns.
 *
 * - On every connect the client (re)sends its subscription and waits for a matching snapshot; the server also
 *   pushes one for what it believes the client follows, which is used only when it matches.
 * - A delta applies only on top of the snapshot or delta numbered one less (followDelta, shared with the
 *   server's tests); an older one is stale and ignored; a gap asks for `trends:resync`.
 * - A request left unanswered for `retryAfterMs` is sent again, so a lost snapshot cannot stall the view.
 */
export type FollowerPhase = 'disconnected' | 'awaiting-snapshot' | 'live' | 'resyncing';

export interface FollowerState {
  /** What the user asked for. */
  subscription: TrendsSubscription;
  /** What `words` belong to: the subscription of the last accepted snapshot, null before the first one. */
  dataSubscription: TrendsSubscription | null;
  phase: FollowerPhase;
  seq: number | null;
  asOf: string | null;
  words: readonly TrendWord[];
  /** When the pending subscribe or resync was sent (ms), for the retry timer. */
  requestedAt: number | null;
  /** Why the server refused the last subscription, if it did. */
  error: string | null;
  /** How many gaps were seen (asserted by tests). */
  gaps: number;
}

export type FollowerInput =
  | { type: 'connect'; now: number }
  | { type: 'disconnect' }
  | { type: 'subscribe'; subscription: TrendsSubscription; now: number }
  | { type: 'subscribe-refused'; subscription: TrendsSubscription; error: string }
  | { type: 'snapshot'; snapshot: TrendsSnapshot }
  | { type: 'delta'; delta: TrendsDelta; now: number }
  | { type: 'tick'; now: number };

export type FollowerCommand = { type: 'emit-subscribe'; subscription: TrendsSubscription } | { type: 'emit-resync' };

export interface FollowerStep {
  state: FollowerState;
  commands: FollowerCommand[];
}

export const DEFAULT_RETRY_AFTER_MS = 5_000;

export function initialFollowerState(subscription: TrendsSubscription): FollowerState {
  return {
    subscription: normalizeSubscription(subscription),
    dataSubscription: null,
    phase: 'disconnected',
    seq: null,
    asOf: null,
    words: [],
    requestedAt: null,
    error: null,
    gaps: 0,
  };
}

export function stepFollower(state: FollowerState, input: FollowerInput, retryAfterMs = DEFAULT_RETRY_AFTER_MS): FollowerStep {
  switch (input.type) {
    case 'connect':
      return requestSnapshot(state, state.subscription, input.now);
    case 'disconnect':
      return { state: { ...state, phase: 'disconnected', requestedAt: null }, commands: [] };
    case 'subscribe': {
      const subscription = normalizeSubscription(input.subscription);
      if (sameSubscription(subscription, state.subscription) && state.phase !== 'disconnected') return { state, commands: [] };
      if (state.phase === 'disconnected') return { state: { ...state, subscription, error: null }, commands: [] };
      return requestSnapshot(state, subscription, input.now);
    }
    case 'subscribe-refused':
      if (!sameSubscription(normalizeSubscription(input.subscription), state.subscription)) return { state, commands: [] };
      // No retry: the same request would be refused again; a new choice by the user sends a new one.
      return { state: { ...state, error: input.error, requestedAt: null }, commands: [] };
    case 'snapshot':
      return onSnapshot(state, input.snapshot);
    case 'delta':
      return onDelta(state, input.delta, input.now);
    case 'tick':
      return onTick(state, input.now, retryAfterMs);
  }
}

function requestSnapshot(state: FollowerState, subscription: TrendsSubscription, now: number): FollowerStep {
  return {
    state: { ...state, subscription, phase: 'awaiting-snapshot', requestedAt: now, error: null },
    commands: [{ type: 'emit-subscribe', subscription }],
  };
}

function onSnapshot(state: FollowerState, snapshot: TrendsSnapshot): FollowerStep {
  // Disconnected: the socket is gone, whatever arrives now is from before; a snapshot for another
  // subscription is the server's default push racing our own subscribe.
  if (state.phase === 'disconnected' || !sameSubscription(subscriptionOf(snapshot), state.subscription)) {
    return { state, commands: [] };
  }
  return {
    state: {
      ...state,
      dataSubscription: state.subscription,
      phase: 'live',
      seq: snapshot.seq,
      asOf: snapshot.asOf,
      words: applyTrendChanges([], snapshot.words),
      requestedAt: null,
      error: null,
    },
    commands: [],
  };
}

function onDelta(state: FollowerState, delta: TrendsDelta, now: number): FollowerStep {
  if (state.phase !== 'live' || state.seq === null || state.asOf === null) return { state, commands: [] };
  // The seq rules themselves are shared with the server's tests (packages/contracts/src/trend-follower.ts).
  const result = followDelta({ seq: state.seq, window: state.subscription.window, asOf: state.asOf, words: state.words }, delta);
  if (result.action === 'stale') return { state, commands: [] };
  if (result.action === 'resync') {
    return {
      state: { ...state, phase: 'resyncing', requestedAt: now, gaps: state.gaps + 1 },
      commands: [{ type: 'emit-resync' }],
    };
  }
  return { state: { ...state, seq: result.state.seq, asOf: result.state.asOf, words: result.state.words }, commands: [] };
}

function onTick(state: FollowerState, now: number, retryAfterMs: number): FollowerStep {
  if (state.requestedAt === null || now - state.requestedAt < retryAfterMs) return { state, commands: [] };
  if (state.phase === 'awaiting-snapshot') return requestSnapshot(state, state.subscription, now);
  if (state.phase === 'resyncing') return { state: { ...state, requestedAt: now }, commands: [{ type: 'emit-resync' }] };
  return { state, commands: [] };
}

/** Drops empty filters so `{ lang: '' }`, `{ lang: undefined }` and `{}` mean the same thing. */
export function normalizeSubscription(subscription: TrendsSubscription): TrendsSubscription {
  const normalized: TrendsSubscription = { window: subscription.window };
  if (subscription.lang) normalized.lang = subscription.lang;
  if (subscription.tag) normalized.tag = subscription.tag;
  return normalized;
}

function subscriptionOf(snapshot: TrendsSnapshot): TrendsSubscription {
  return normalizeSubscription({ window: snapshot.window, lang: snapshot.lang, tag: snapshot.tag });
}

export function sameSubscription(a: TrendsSubscription, b: TrendsSubscription): boolean {
  return a.window === b.window && (a.lang ?? '') === (b.lang ?? '') && (a.tag ?? '') === (b.tag ?? '');
}
