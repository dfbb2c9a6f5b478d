import type { SeriesResponse } from '@trendstream/contracts/api-types';
import { describe, expect, it, vi } from 'vitest';
import { createSeriesCache } from './series-cache';

const series = (word: string, count: number): SeriesResponse => ({
  word,
  window: '5m',
  bucketSeconds: 5,
  asOf: '2025-01-01T00:00:00Z',
  points: [{ t: '2025-01-01T00:00:00Z', count }],
});

function setup(maxEntries = 10) {
  let now = 0;
  let calls = 0;
  const fetchSeries = vi.fn((word: string, _query: { window: string }) => Promise.resolve(series(word, ++calls)));
  const cache = createSeriesCache({ fetchSeries, now: () => now, ttlMs: 1_000, maxEntries });
  return { cache, fetchSeries, advance: (ms: number) => (now += ms) };
}

describe('series cache', () => {
  it('serves a fresh entry from memory and refetches a stale one', async () => {
    const { cache, fetchSeries, advance } = setup();
    expect((await cache.get('a', { window: '5m' })).points[0]?.count).toBe(1);
    advance(999);
    expect((await cache.get('a', { window: '5m' })).points[0]?.count).toBe(1);
    advance(1);
    expect((await cache.get('a', { window: '5m' })).points[0]?.count).toBe(2);
    expect(fetchSeries).toHaveBeenCalledTimes(2);
  });

  it('shares one request between concurrent readers', async () => {
    const { cache, fetchSeries } = setup();
    const [first, second] = await Promise.all([cache.get('a', { window: '5m' }), cache.get('a', { window: '5m' })]);
    expect(first).toBe(second);
    expect(fetchSeries).toHaveBeenCalledTimes(1);
  });

  it('keys by window, language and hashtag as well as word', async () => {
    const { cache, fetchSeries } = setup();
    await cache.get('a', { window: '5m' });
    await cache.get('a', { window: '1h' });
    await cache.get('a', { window: '1h', lang: 'de' });
    await cache.get('a', { window: '1h', tag: 'rust' });
    await cache.get('a', { window: '1h', tag: 'rust' });
    expect(fetchSeries).toHaveBeenCalledTimes(4);
    expect(cache.peek('a', { window: '1h' })).toBeDefined();
  });

  it('forgets the least recently used entry beyond its size', async () => {
    const { cache } = setup(2);
    await cache.get('a', { window: '5m' });
    await cache.get('b', { window: '5m' });
    await cache.get('a', { window: '5m' });
    await cache.get('c', { window: '5m' });
    expect(cache.size()).toBe(2);
    expect(cache.peek('b', { window: '5m' })).toBeUndefined();
    expect(cache.peek('a', { window: '5m' })).toBeDefined();
  });

  it('a failed fetch is not cached', async () => {
    const { cache } = setup();
    const failing = createSeriesCache({
      fetchSeries: vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(series('a', 7)),
      now: () => 0,
      ttlMs: 1_000,
      maxEntries: 10,
    });
    await expect(failing.get('a', { window: '5m' })).rejects.toThrow('down');
    expect((await failing.get('a', { window: '5m' })).points[0]?.count).toBe(7);
    expect(cache.size()).toBe(0);
  });
});
