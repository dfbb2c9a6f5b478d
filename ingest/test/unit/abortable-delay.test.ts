import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delay } from '../../src/sources/abortable-delay.js';
import { Backoff } from '../../src/sources/backoff.js';

describe('delay (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits the backoff, no less', async () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 8000 }, () => 1);
    let done = false;
    const waiting = delay(backoff.next()).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('ends at once when aborted, so shutdown never waits for a pending retry', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = delay(120_000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
