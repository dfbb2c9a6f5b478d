import type { TrendsSubscription } from '@trendstream/contracts/socket-events';
import { describe, expect, it } from 'vitest';
import type { CoalescerScheduler } from './coalescer';
import { initialFollowerState } from './trends-follower';
import { createTrendsStream, deriveConnection, type TrendsSocket } from './trends-stream';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket to drive the wiring: the server side is the test. */
class FakeSocket {
  connected = false;
  handlers = new Map<string, Set<Handler>>();
  sent: { event: string; args: unknown[] }[] = [];
  disconnects = 0;
  on(event: string, handler: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    this.sent.push({ event, args });
    return this;
  }
  connect() {
    return this;
  }
  disconnect() {
    this.disconnects += 1;
    this.connected = false;
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  listenerCount() {
    return [...this.handlers.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

/** Frames and timers run immediately when flushed; time is a number the test moves. */
function immediateScheduler() {
  let now = 0;
  let queue: { at: number; run: () => void }[] = [];
  const scheduler: CoalescerScheduler = {
    now: () => now,
    setTimer(run, ms) {
      const item = { at: now + ms, run };
      queue.push(item);
      return () => (queue = queue.filter((other) => other !== item));
    },
    nextFrame(run) {
      const item = { at: now, run };
      queue.push(item);
      return () => (queue = queue.filter((other) => other !== item));
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = queue.filter((item) => item.at <= now);
      if (due.length === 0) return;
      queue = queue.filter((item) => item.at > now);
      due.forEach((item) => item.run());
    }
  };
  return { scheduler, advance };
}

function setup(subscription: TrendsSubscription = { window: '5m' }) {
  const socket = new FakeSocket();
  const clock = immediateScheduler();
  const stream = createTrendsStream({
    subscription,
    openSocket: () => socket as unknown as TrendsSocket,
    scheduler: clock.scheduler,
    tickMs: 1_000,
  });
  return { socket, clock, stream };
}

describe('trends stream wiring', () => {
  it('re-subscribes on every connect, follows snapshot and deltas, and shows reconnecting in between', () => {
    const { socket, clock, stream } = setup({ window: '1m' });
    stream.start();
    clock.advance(300);
    expect(stream.getView().connection).toBe('connecting');

    socket.fire('connect');
    expect(socket.sent.map((sent) => sent.event)).toEqual(['trends:subscribe']);
    expect(socket.sent[0]?.args[0]).toEqual({ window: '1m' });
    socket.fire('trends:snapshot', { seq: 1, window: '1m', asOf: 't1', words: [{ word: 'a', count: 2, score: 0 }] });
    socket.fire('trends:delta', { seq: 2, window: '1m', asOf: 't2', changes: [{ word: 'b', count: 3, score: 1 }] });
    clock.advance(300);
    expect(stream.getView()).toMatchObject({ connection: 'connected', seq: 2, asOf: 't2' });
    expect(stream.getView().words.map((entry) => entry.word)).toEqual(['b', 'a']);

    socket.fire('disconnect', 'transport close');
    clock.advance(300);
    expect(stream.getView().connection).toBe('reconnecting');
    expect(stream.getView().words).toHaveLength(2);

    socket.fire('connect');
    expect(socket.sent.filter((sent) => sent.event === 'trends:subscribe')).toHaveLength(2);
    clock.advance(300);
    expect(stream.getView().connection).toBe('syncing');
    socket.fire('trends:snapshot', { seq: 1, window: '1m', asOf: 't3', words: [] });
    clock.advance(300);
    expect(stream.getView()).toMatchObject({ connection: 'connected', seq: 1, words: [] });
  });

  it('emits trends:resync on a gap and keeps asking until a snapshot comes', () => {
    const { socket, clock, stream } = setup();
    stream.start();
    socket.fire('connect');
    socket.fire('trends:snapshot', { seq: 10, window: '5m', asOf: 't', words: [] });
    socket.fire('trends:delta', { seq: 12, window: '5m', asOf: 't', changes: [] });
    expect(socket.sent.map((sent) => sent.event)).toEqual(['trends:subscribe', 'trends:resync']);
    clock.advance(5_000);
    expect(socket.sent.map((sent) => sent.event)).toEqual(['trends:subscribe', 'trends:resync', 'trends:resync']);
    socket.fire('trends:snapshot', { seq: 12, window: '5m', asOf: 't', words: [] });
    clock.advance(10_000);
    expect(socket.sent).toHaveLength(3);
    expect(stream.getView().gaps).toBe(1);
  });

  it('shows the reason when the server refuses a subscription', () => {
    const { socket, clock, stream } = setup();
    stream.start();
    socket.fire('connect');
    const ack = socket.sent[0]?.args[1] as (result: { ok: boolean; error?: string }) => void;
    ack({ ok: false, error: 'unknown window' });
    clock.advance(300);
    expect(stream.getView().error).toBe('unknown window');
  });

  it('stop removes every listener it added and closes the socket', () => {
    const { socket, stream } = setup();
    stream.start();
    expect(socket.listenerCount()).toBeGreaterThan(0);
    stream.stop();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.disconnects).toBe(1);
  });

  it('notifies listeners at most once per coalescing interval', () => {
    const { socket, clock, stream } = setup();
    let renders = 0;
    stream.onChange(() => (renders += 1));
    stream.start();
    socket.fire('connect');
    socket.fire('trends:snapshot', { seq: 0, window: '5m', asOf: 't', words: [] });
    for (let seq = 1; seq <= 40; seq += 1) {
      socket.fire('trends:delta', { seq, window: '5m', asOf: 't', changes: [{ word: 'w', count: seq, score: 0 }] });
      clock.advance(25);
    }
    // 40 deltas over one second: about four renders, not forty.
    expect(renders).toBeLessThanOrEqual(5);
    clock.advance(250);
    expect(stream.getView().words).toEqual([{ word: 'w', count: 40, score: 0 }]);
  });

  it('names the connection state from the socket, the follower and the network', () => {
    const waiting = initialFollowerState({ window: '5m' });
    const live = { ...waiting, phase: 'live' as const };
    expect(deriveConnection(waiting, false, false, true)).toBe('connecting');
    expect(deriveConnection(waiting, true, true, true)).toBe('syncing');
    expect(deriveConnection(live, true, true, true)).toBe('connected');
    expect(deriveConnection(waiting, false, true, true)).toBe('reconnecting');
    expect(deriveConnection(live, true, true, false)).toBe('offline');
  });
});
