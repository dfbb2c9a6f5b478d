import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../src/sources/bounded-queue.js';

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
