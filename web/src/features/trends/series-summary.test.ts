import { describe, expect, it } from 'vitest';
import { summarizeSeries } from './series-summary';

const points = (counts: number[]) => counts.map((count, index) => ({ t: `2025-01-01T00:00:${String(index * 5).padStart(2, '0')}Z`, count }));

describe('series summary', () => {
  it('says plainly when a word has no posts in the window, zero buckets or none at all', () => {
    expect(summarizeSeries(points([0, 0, 0]), '5 min')).toMatchObject({
      kind: 'empty',
      text: expect.stringMatching(/^No posts with this word in the last 5 min\./u) as string,
    });
    expect(summarizeSeries([], '1 hour').kind).toBe('empty');
  });

  it('sums the posts and names the peak and the latest bucket', () => {
    const summary = summarizeSeries(points([1, 4, 2]), '5 min');
    expect(summary.kind).toBe('counts');
    expect(summary.text).toMatch(/^7 posts in 3 buckets; peak 4 at .+; latest 2\.$/u);
  });

  it('is loading until points arrive', () => {
    expect(summarizeSeries(undefined, '5 min').kind).toBe('loading');
  });
});
