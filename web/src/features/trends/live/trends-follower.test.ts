import type { TrendWord } from '@trendstream/contracts/api-types';
import type { TrendsDelta, TrendsSnapshot } from '@trendstream/contracts/socket-events';
import { describe, expect, it } from 'vitest';
import { initialFollowerState, stepFollower, type FollowerInput, type FollowerState } from './trends-follower';

const w = (word: string, count: number, score = 0): TrendWord => ({ word, count, score });
const snapshot = (seq: number, words: TrendWord[], extra: Partial<TrendsSnapshot> = {}): TrendsSnapshot => ({
  seq,
  window: '5m',
  asOf: `2025-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
  words,
  ...extra,
});
const delta = (seq: number, changes: TrendWord[], window = '5m'): TrendsDelta => ({
  seq,
  window,
  asOf: `2025-01-01T00:01:${String(seq).padStart(2, '0')}Z`,
  changes,
});

/** Feeds inputs one by one, collecting every command. */
function run(state: FollowerState, inputs: FollowerInput[]) {
  const commands = [];
  for (const input of inputs) {
    const step = stepFollower(state, input);
    state = step.state;
    commands.push(...step.commands);
  }
  return { state, commands };
}

describe('trends follower', () => {
  it('subscribes on connect and goes live with the matching snapshot', () => {
    const { state, commands } = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(7, [w('b', 2), w('a', 5)]) },
    ]);
    expect(commands).toEqual([{ type: 'emit-subscribe', subscription: { window: '5m' } }]);
    expect(state.phase).toBe('live');
    expect(state.seq).toBe(7);
    expect(state.words.map((entry) => entry.word)).toEqual(['a', 'b']);
    expect(state.dataSubscription).toEqual({ window: '5m' });
  });

  it('applies consecutive deltas: new counts, new words, and count 0 removing a word', () => {
    const { state } = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(1, [w('a', 5), w('b', 2)]) },
      { type: 'delta', delta: delta(2, [w('b', 9, 1.5), w('c', 1)]), now: 10 },
      { type: 'delta', delta: delta(3, [w('a', 0)]), now: 20 },
    ]);
    expect(state.seq).toBe(3);
    expect(state.words).toEqual([w('b', 9, 1.5), w('c', 1)]);
    expect(state.asOf).toBe(delta(3, []).asOf);
  });

  it('asks for a resync on a gap in seq, ignores deltas until the snapshot, then follows again', () => {
    const start = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(1, [w('a', 5)]) },
    ]).state;
    const gap = run(start, [
      { type: 'delta', delta: delta(3, [w('a', 50)]), now: 100 },
      { type: 'delta', delta: delta(4, [w('a', 60)]), now: 110 },
    ]);
    expect(gap.commands).toEqual([{ type: 'emit-resync' }]);
    expect(gap.state.phase).toBe('resyncing');
    expect(gap.state.words).toEqual([w('a', 5)]);
    expect(gap.state.gaps).toBe(1);

    const after = run(gap.state, [
      { type: 'snapshot', snapshot: snapshot(4, [w('a', 60)]) },
      { type: 'delta', delta: delta(5, [w('z', 1)]), now: 200 },
    ]);
    expect(after.state.phase).toBe('live');
    expect(after.state.words).toEqual([w('a', 60), w('z', 1)]);
    expect(after.commands).toEqual([]);
  });

  it('ignores duplicate or old deltas and deltas of another window', () => {
    const start = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(5, [w('a', 5)]) },
    ]).state;
    const { state, commands } = run(start, [
      { type: 'delta', delta: delta(5, [w('a', 99)]), now: 1 },
      { type: 'delta', delta: delta(4, [w('a', 98)]), now: 2 },
      { type: 'delta', delta: delta(6, [w('a', 97)], '1m'), now: 3 },
    ]);
    expect(state).toBe(start);
    expect(commands).toEqual([]);
  });

  it('re-sends its subscription on every reconnect and keeps the old words until the new snapshot', () => {
    const live = run(initialFollowerState({ window: '1m', lang: 'de' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(3, [w('hallo', 4)], { window: '1m', lang: 'de' }) },
    ]).state;
    const reconnect = run(live, [{ type: 'disconnect' }, { type: 'delta', delta: delta(4, [w('hallo', 5)], '1m'), now: 5 }, { type: 'connect', now: 10 }]);
    expect(reconnect.commands).toEqual([{ type: 'emit-subscribe', subscription: { window: '1m', lang: 'de' } }]);
    expect(reconnect.state.phase).toBe('awaiting-snapshot');
    expect(reconnect.state.words).toEqual([w('hallo', 4)]);

    // A restarted server first pushes its default (5m, every language): not what we follow.
    const restarted = run(reconnect.state, [
      { type: 'snapshot', snapshot: snapshot(1, [w('the', 100)]) },
      { type: 'snapshot', snapshot: snapshot(1, [w('hallo', 6)], { window: '1m', lang: 'de' }) },
      { type: 'delta', delta: delta(2, [w('welt', 2)], '1m'), now: 20 },
    ]);
    expect(restarted.state.phase).toBe('live');
    expect(restarted.state.seq).toBe(2);
    expect(restarted.state.words).toEqual([w('hallo', 6), w('welt', 2)]);
  });

  it('switching the subscription sends it at once and takes only the snapshot that matches', () => {
    const live = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'snapshot', snapshot: snapshot(1, [w('a', 5)]) },
    ]).state;
    const switched = run(live, [
      { type: 'subscribe', subscription: { window: '1h', lang: '', tag: 'rust' }, now: 50 },
      { type: 'delta', delta: delta(2, [w('a', 6)]), now: 60 },
      { type: 'snapshot', snapshot: snapshot(2, [w('a', 6)]) },
    ]);
    expect(switched.commands).toEqual([{ type: 'emit-subscribe', subscription: { window: '1h', tag: 'rust' } }]);
    expect(switched.state.phase).toBe('awaiting-snapshot');
    expect(switched.state.dataSubscription).toEqual({ window: '5m' });

    const done = run(switched.state, [{ type: 'snapshot', snapshot: snapshot(9, [w('cargo', 3)], { window: '1h', tag: 'rust' }) }]);
    expect(done.state.phase).toBe('live');
    expect(done.state.dataSubscription).toEqual({ window: '1h', tag: 'rust' });
    expect(done.state.words).toEqual([w('cargo', 3)]);
  });

  it('a subscription chosen while disconnected is sent on the next connect, not before', () => {
    const { state, commands } = run(initialFollowerState({ window: '5m' }), [
      { type: 'subscribe', subscription: { window: '15m' }, now: 0 },
      { type: 'connect', now: 5 },
    ]);
    expect(commands).toEqual([{ type: 'emit-subscribe', subscription: { window: '15m' } }]);
    expect(state.subscription).toEqual({ window: '15m' });
  });

  it('retries an unanswered subscribe or resync after the retry delay, not before', () => {
    const waiting = run(initialFollowerState({ window: '5m' }), [{ type: 'connect', now: 1_000 }]).state;
    expect(run(waiting, [{ type: 'tick', now: 5_999 }]).commands).toEqual([]);
    const retried = run(waiting, [{ type: 'tick', now: 6_000 }]);
    expect(retried.commands).toEqual([{ type: 'emit-subscribe', subscription: { window: '5m' } }]);
    expect(retried.state.requestedAt).toBe(6_000);

    const resyncing = run(waiting, [
      { type: 'snapshot', snapshot: snapshot(1, []) },
      { type: 'delta', delta: delta(5, []), now: 10_000 },
    ]).state;
    expect(run(resyncing, [{ type: 'tick', now: 15_000 }]).commands).toEqual([{ type: 'emit-resync' }]);
    const live = run(resyncing, [{ type: 'snapshot', snapshot: snapshot(5, []) }]).state;
    expect(run(live, [{ type: 'tick', now: 60_000 }]).commands).toEqual([]);
  });

  it('shows a refused subscription and stops retrying it', () => {
    const { state } = run(initialFollowerState({ window: '5m' }), [
      { type: 'connect', now: 0 },
      { type: 'subscribe', subscription: { window: '5m', tag: 'nope' }, now: 1 },
      { type: 'subscribe-refused', subscription: { window: '5m', tag: 'nope' }, error: 'tag is not followed' },
    ]);
    expect(state.error).toBe('tag is not followed');
    expect(run(state, [{ type: 'tick', now: 100_000 }]).commands).toEqual([]);
  });

  it('ignores snapshots that arrive while disconnected', () => {
    const start = initialFollowerState({ window: '5m' });
    const { state } = run(start, [{ type: 'snapshot', snapshot: snapshot(1, [w('a', 1)]) }]);
    expect(state).toBe(start);
  });
});
