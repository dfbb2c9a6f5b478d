import type { TrendWord } from '@trendstream/contracts/api-types';
import type { ClientToServerEvents, ServerToClientEvents, TrendsDelta, TrendsSnapshot, TrendsSubscription } from '@trendstream/contracts/socket-events';
import type { Socket } from 'socket.io-client';
import { createCoalescer, type CoalescerScheduler } from './coalescer';
import { initialFollowerState, stepFollower, type FollowerCommand, type FollowerInput, type FollowerState } from './trends-follower';

/**
 * Connects the pure follower to a socket.io socket and publishes a coalesced view for React
 * (useSyncExternalStore). Everything it attaches in `start` it detaches in `stop`.
 */
export type TrendsSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = 'connecting' | 'connected' | 'syncing' | 'reconnecting' | 'offline';

export interface TrendsView {
  connection: ConnectionStatus;
  subscription: TrendsSubscription;
  /** The subscription `words` belong to; differs from `subscription` while a new one is loading. */
  dataSubscription: TrendsSubscription | null;
  words: readonly TrendWord[];
  asOf: string | null;
  seq: number | null;
  error: string | null;
  gaps: number;
}

export interface TrendsStream {
  start: () => void;
  stop: () => void;
  setSubscription: (subscription: TrendsSubscription) => void;
  /** For useSyncExternalStore: both are safe to pass around unbound. */
  getView: () => TrendsView;
  onChange: (listener: () => void) => () => void;
}

export interface TrendsStreamOptions {
  subscription: TrendsSubscription;
  openSocket: () => TrendsSocket;
  scheduler: CoalescerScheduler;
  /** Fewest milliseconds between two views handed to React. */
  minIntervalMs?: number;
  /** How often pending requests are checked for a retry. */
  tickMs?: number;
  isOnline?: () => boolean;
  /** Where `online`/`offline` events come from (the window in a browser). */
  networkEvents?: EventTarget;
}

export function deriveConnection(state: FollowerState, socketConnected: boolean, everConnected: boolean, online: boolean): ConnectionStatus {
  // An offline device receives nothing, even while its socket has not noticed yet (that takes a ping timeout).
  if (!online) return 'offline';
  if (socketConnected) return state.phase === 'live' ? 'connected' : 'syncing';
  return everConnected ? 'reconnecting' : 'connecting';
}

export function createTrendsStream(options: TrendsStreamOptions): TrendsStream {
  const { scheduler, openSocket } = options;
  const isOnline = options.isOnline ?? (() => true);
  const listeners = new Set<() => void>();
  let state = initialFollowerState(options.subscription);
  let socket: TrendsSocket | null = null;
  let everConnected = false;
  let cancelTick: (() => void) | null = null;

  const buildView = (): TrendsView => ({
    connection: deriveConnection(state, socket?.connected ?? false, everConnected, isOnline()),
    subscription: state.subscription,
    dataSubscription: state.dataSubscription,
    words: state.words,
    asOf: state.asOf,
    seq: state.seq,
    error: state.error,
    gaps: state.gaps,
  });
  let view = buildView();
  const coalescer = createCoalescer<TrendsView>(
    (next) => {
      view = next;
      for (const listener of listeners) listener();
    },
    options.minIntervalMs ?? 250,
    scheduler,
  );

  const run = (command: FollowerCommand) => {
    if (!socket) return;
    if (command.type === 'emit-resync') {
      socket.emit('trends:resync');
      return;
    }
    const { subscription } = command;
    socket.emit('trends:subscribe', subscription, (ack) => {
      if (!ack.ok) dispatch({ type: 'subscribe-refused', subscription, error: ack.error ?? 'the server refused this subscription' });
    });
  };

  function dispatch(input: FollowerInput) {
    const step = stepFollower(state, input);
    const changed = step.state !== state;
    state = step.state;
    step.commands.forEach(run);
    if (changed || input.type === 'connect' || input.type === 'disconnect') coalescer.push(buildView());
  }

  const onConnect = () => {
    everConnected = true;
    dispatch({ type: 'connect', now: scheduler.now() });
  };
  const onDisconnect = (reason: string) => {
    dispatch({ type: 'disconnect' });
    // socket.io reconnects by itself except when the server closed the socket on purpose.
    if (reason === 'io server disconnect') socket?.connect();
  };
  const onSnapshot = (snapshot: TrendsSnapshot) => dispatch({ type: 'snapshot', snapshot });
  const onDelta = (delta: TrendsDelta) => dispatch({ type: 'delta', delta, now: scheduler.now() });
  const onNetworkChange = () => coalescer.push(buildView());

  const tick = () => {
    dispatch({ type: 'tick', now: scheduler.now() });
    cancelTick = scheduler.setTimer(tick, options.tickMs ?? 1_000);
  };

  return {
    start() {
      if (socket) return;
      socket = openSocket();
      socket.on('connect', onConnect);
      socket.on('disconnect', onDisconnect);
      socket.on('trends:snapshot', onSnapshot);
      socket.on('trends:delta', onDelta);
      options.networkEvents?.addEventListener('online', onNetworkChange);
      options.networkEvents?.addEventListener('offline', onNetworkChange);
      cancelTick = scheduler.setTimer(tick, options.tickMs ?? 1_000);
      if (socket.connected) onConnect();
    },
    stop() {
      if (!socket) return;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('trends:snapshot', onSnapshot);
      socket.off('trends:delta', onDelta);
      options.networkEvents?.removeEventListener('online', onNetworkChange);
      options.networkEvents?.removeEventListener('offline', onNetworkChange);
      cancelTick?.();
      cancelTick = null;
      coalescer.cancel();
      socket.disconnect();
      socket = null;
      state = stepFollower(state, { type: 'disconnect' }).state;
    },
    setSubscription(subscription) {
      dispatch({ type: 'subscribe', subscription, now: scheduler.now() });
    },
    getView: () => view,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
