import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../src/mastodon/bounded-queue.js';
import { BoundedTtlMap } from '../src/mastodon/bounded-ttl-map.js';

describe('BoundedTtlMap', () => {
  it('forgets the oldest entries past its capacity', () => {
    const map = new BoundedTtlMap<string, number>(2, 60_000);
    map.set('a', 1, 0);
    map.set('b', 2, 1);
    map.set('c', 3, 2);
    expect(map.size).toBe(2);
    expect(map.has('a', 3)).toBe(false);
    expect(map.get('c', 3)).toBe(3);
  });

  it('forgets entries older than the TTL, and set() renews an entry', () => {
    const map = new BoundedTtlMap<string, true>(10, 1_000);
    map.set('a', true, 0);
    map.set('b', true, 500);
    map.set('a', true, 900);
    expect(map.has('b', 1_499)).toBe(true);
    expect(map.has('b', 1_500)).toBe(false);
    expect(map.has('a', 1_800)).toBe(true);
    map.set('c', true, 2_000);
    expect(map.size).toBe(1);
  });
});

describe('BoundedQueue', () => {
  it('refuses items past its capacity instead of growing', () => {
    const queue = new BoundedQueue<number>(2);
    expect([queue.offer(1), queue.offer(2), queue.offer(3)]).toEqual([true, true, false]);
    expect(queue.size).toBe(2);
  });

  it('hands out batches in order and waits for the next item', async () => {
    const queue = new BoundedQueue<number>(10);
    for (const n of [1, 2, 3]) queue.offer(n);
    expect(await queue.take(2)).toEqual([1, 2]);
    expect(await queue.take(2)).toEqual([3]);
    const next = queue.take(5);
    queue.offer(4);
    expect(await next).toEqual([4]);
  });

  it('drains after close, then returns empty batches; an abort ends a wait', async () => {
    const queue = new BoundedQueue<number>(10);
    queue.offer(1);
    queue.close();
    expect(queue.offer(2)).toBe(false);
    expect(await queue.take(5)).toEqual([1]);
    expect(await queue.take(5)).toEqual([]);
    const open = new BoundedQueue<number>(10);
    const controller = new AbortController();
    const waiting = open.take(5, controller.signal);
    controller.abort();
    expect(await waiting).toEqual([]);
  });
});
