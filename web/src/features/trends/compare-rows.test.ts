import type { SeriesResponse } from '@trendstream/contracts/api-types';
import { describe, expect, it } from 'vitest';
import { compareRows, totalPosts } from './compare-rows';

const series = (word: string, counts: Record<string, number>): SeriesResponse => ({
  word,
  window: '5m',
  bucketSeconds: 5,
  asOf: '2025-01-01T00:00:15Z',
  points: Object.entries(counts).map(([t, count]) => ({ t: `2025-01-01T00:00:${t}Z`, count })),
});

describe('comparison rows', () => {
  it('lines words up by bucket time, keeping the buckets only one of them has', () => {
    const map = new Map([
      ['a', series('a', { '05': 1, '10': 2 })],
      ['b', series('b', { '10': 7, '15': 3 })],
    ]);
    expect(compareRows(['a', 'b'], map)).toEqual([
      { t: '2025-01-01T00:00:05Z', s0: 1 },
      { t: '2025-01-01T00:00:10Z', s0: 2, s1: 7 },
      { t: '2025-01-01T00:00:15Z', s1: 3 },
    ]);
  });

  it('keeps the series order of the words even when one has not loaded yet', () => {
    const map = new Map([['b', series('b', { '10': 7 })]]);
    expect(compareRows(['a', 'b'], map)).toEqual([{ t: '2025-01-01T00:00:10Z', s1: 7 }]);
    expect(totalPosts(map.get('b'))).toBe(7);
    expect(totalPosts(undefined)).toBeUndefined();
  });
});
