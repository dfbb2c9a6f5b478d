import { describe, expect, it } from 'vitest';
import { WindowIndex, type CountChange } from '../../src/windows/window-index.js';

const BUCKET = 5_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
// 12:00:00 UTC on some day, on a bucket boundary.
const NOON = Date.UTC(2026, 0, 1, 12);

function newIndex(): WindowIndex {
  return new WindowIndex({ bucketMs: BUCKET, windowsMs: [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR], minCount: 3 });
}

/** `count` posts with `word` in the bucket `bucketsBack` buckets before the one starting at NOON. */
function posts(word: string, count: number, bucketsBack = 0, more: Partial<CountChange> = {}): CountChange {
  return { scope: '', lang: 'en', bucketStart: NOON - bucketsBack * BUCKET, word, count, ...more };
}

/** word → count of a count-sorted answer. */
function counts(index: WindowIndex, windowMs = MINUTE, filter: { scope: string; lang?: string } = { scope: '' }): Record<string, number> {
  return Object.fromEntries(index.trends(windowMs, filter, 50, 'count').map((entry) => [entry.word, entry.count]));
}

describe('WindowIndex windows', () => {
  it('ends every window with the bucket holding the watermark', () => {
    const index = newIndex();
    index.apply([posts('now', 1), posts('next', 1, -1), posts('first', 1, 11), posts('before', 1, 12)]);
    index.moveTo(NOON + 4_999);
    expect(counts(index)).toEqual({ now: 1, first: 1 });
    expect(counts(index, 5 * MINUTE)).toEqual({ now: 1, first: 1, before: 1 });
  });

  it('slides forward by one bucket, by many at once, and back', () => {
    const index = newIndex();
    index.apply([posts('a', 1, 0), posts('a', 2, 11), posts('b', 1, 12), posts('c', 4, 200)]);
    index.moveTo(NOON);
    expect(counts(index)).toEqual({ a: 3 });
    index.moveTo(NOON - BUCKET);
    expect(counts(index)).toEqual({ a: 2, b: 1 });
    index.moveTo(NOON + 11 * BUCKET);
    expect(counts(index)).toEqual({ a: 1 });
    index.moveTo(NOON + 12 * BUCKET);
    expect(counts(index)).toEqual({});
    index.moveTo(NOON - 195 * BUCKET);
    expect(counts(index)).toEqual({ c: 4 });
    index.moveTo(NOON);
    expect(counts(index)).toEqual({ a: 3 });
  });

  it('counts late changes in any bucket of the window, not only the newest', () => {
    const index = newIndex();
    index.moveTo(NOON);
    expect(counts(index, HOUR)).toEqual({});
    index.apply([posts('late', 2, 700), posts('late', 1, 3)]);
    expect(counts(index, HOUR)).toEqual({ late: 3 });
    expect(counts(index)).toEqual({ late: 1 });
  });
});

describe('WindowIndex counts', () => {
  it('takes negative changes, and a total back at 0 leaves every answer', () => {
    const index = newIndex();
    index.moveTo(NOON);
    index.apply([posts('gone', 2), posts('kept', 1)]);
    index.apply([posts('gone', -1), posts('gone', -1)]);
    expect(counts(index)).toEqual({ kept: 1 });
    expect(index.trends(MINUTE, { scope: '' }, 10, 'score').map((entry) => entry.word)).toEqual(['kept']);
    expect(index.series('gone', MINUTE, { scope: '' }).every((point) => point.count === 0)).toBe(true);
  });

  it('sums every language without a language filter, and only that language with one', () => {
    const index = newIndex();
    index.moveTo(NOON);
    index.apply([posts('hallo', 2, 0, { lang: 'de' }), posts('hallo', 1, 1, { lang: 'nl' }), posts('hello', 1), posts('x', 1, 0, { lang: '' })]);
    expect(counts(index)).toEqual({ hallo: 3, hello: 1, x: 1 });
    expect(counts(index, MINUTE, { scope: '', lang: 'de' })).toEqual({ hallo: 2 });
    expect(counts(index, MINUTE, { scope: '', lang: '' })).toEqual({ x: 1 });
    expect(counts(index, MINUTE, { scope: '', lang: 'fr' })).toEqual({});
  });

  it('keeps scopes apart: a tag scope holds only what was counted under it', () => {
    const index = newIndex();
    index.moveTo(NOON);
    index.apply([posts('coffee', 2), posts('coffee', 1, 0, { scope: '#cafe' }), posts('#cafe', 1, 0, { scope: '#cafe' })]);
    expect(counts(index)).toEqual({ coffee: 2 });
    expect(counts(index, MINUTE, { scope: '#cafe' })).toEqual({ coffee: 1, '#cafe': 1 });
  });

  it('forgets expired buckets, and ignores changes to them', () => {
    const index = newIndex();
    index.apply([posts('old', 1, 3), posts('new', 1, 2)]);
    index.moveTo(NOON);
    expect(counts(index)).toEqual({ old: 1, new: 1 });
    index.expireBefore(NOON - 2 * BUCKET);
    expect(counts(index)).toEqual({ new: 1 });
    index.apply([posts('old', 5, 3)]);
    expect(counts(index)).toEqual({ new: 1 });
    expect(index.stats()).toMatchObject({ words: 1, series: 1, cells: 1 });
  });

  it('answers a series with one point per bucket of the window, zeros included', () => {
    const index = newIndex();
    index.apply([posts('w', 2, 0), posts('w', 1, 0, { lang: 'de' }), posts('w', 4, 10)]);
    index.moveTo(NOON);
    const points = index.series('w', MINUTE, { scope: '' });
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({ t: new Date(NOON - 11 * BUCKET).toISOString(), count: 0 });
    expect(points[1]).toEqual({ t: new Date(NOON - 10 * BUCKET).toISOString(), count: 4 });
    expect(points[11]).toEqual({ t: new Date(NOON).toISOString(), count: 3 });
    expect(index.series('w', MINUTE, { scope: '', lang: 'de' })[11]?.count).toBe(1);
    expect(index.series('unknown', MINUTE, { scope: '' }).map((point) => point.count)).toEqual(new Array(12).fill(0));
  });
});

describe('WindowIndex ranking', () => {
  it('breaks ties by code point where the limit cuts, as MySQL does (utf8mb4_bin)', () => {
    const index = newIndex();
    index.moveTo(NOON);
    // U+FF21 comes before U+20000 by code point, after it by UTF-16 unit (JS <).
    index.apply([posts('\u{20000}', 2), posts('\uFF21', 2), posts('a', 3)]);
    expect(index.trends(MINUTE, { scope: '' }, 2, 'count').map((entry) => entry.word)).toEqual(['a', '\uFF21']);
    // What queryTrends then does with the rows: sortTrendWords orders equal counts by JS <, not by code point.
    expect(index.trends(MINUTE, { scope: '' }, 3, 'count').map((entry) => entry.word)).toEqual(['a', '\u{20000}', '\uFF21']);
  });

  it('scores a word against its baseline before the window, as queryTrends does', () => {
    const index = newIndex();
    index.moveTo(NOON);
    // 30 posts now; 15 in the 15-minute baseline before the 1-minute window.
    index.apply([posts('rising', 30), posts('rising', 15, 100), posts('flat', 4), posts('flat', 60, 100)]);
    const expected = (15 + 1) / 15;
    const [rising, flat] = index.trends(MINUTE, { scope: '' }, 10, 'score');
    expect(rising).toEqual({ word: 'rising', count: 30, score: Math.round(((30 - expected) ** 2 / expected) * 100) / 100, ratio: 30, isNew: false });
    expect(flat).toEqual({ word: 'flat', count: 4, score: 0 });
  });

  it('scores only the 200 most frequent words of the window', () => {
    const index = newIndex();
    index.moveTo(NOON);
    const frequent = Array.from({ length: 200 }, (_, i) => posts(`w${String(i).padStart(3, '0')}`, 5, 0));
    index.apply([
      ...frequent.map((change) => ({ ...change, count: 50 })),
      ...frequent.map((change) => ({ ...change, count: 500, bucketStart: NOON - 100 * BUCKET })),
    ]);
    index.apply([posts('burst', 49)]);
    const byScore = index.trends(MINUTE, { scope: '' }, 20, 'score');
    expect(byScore.some((entry) => entry.word === 'burst')).toBe(false);
    index.apply([posts('burst', 1)]);
    // At 50 it ties with the others and wins the tie by code point ('b' < 'w'): now a candidate, and far ahead.
    expect(index.trends(MINUTE, { scope: '' }, 20, 'score')[0]?.word).toBe('burst');
  });

  it('answers each call with a fresh list of read-only entries', () => {
    const index = newIndex();
    index.moveTo(NOON);
    index.apply([posts('a', 3)]);
    const first = index.trends(MINUTE, { scope: '' }, 10, 'count');
    first.pop();
    expect(index.trends(MINUTE, { scope: '' }, 10, 'count')).toHaveLength(1);
    expect(Object.isFrozen(index.trends(MINUTE, { scope: '' }, 10, 'count')[0])).toBe(true);
  });
});

describe('WindowIndex versions', () => {
  it('changes when the window or its baseline changes or the window moves, and only then', () => {
    const index = newIndex();
    index.moveTo(NOON);
    const all = { scope: '' };
    const german = { scope: '', lang: 'de' };
    const read = (): number[] => [index.version(MINUTE, all), index.version(MINUTE, german), index.version(HOUR, all)];
    const [v0, g0, h0] = read();
    expect(read()).toEqual([v0, g0, h0]);
    index.apply([posts('a', 1)]);
    const [v1, g1, h1] = read();
    expect(v1).not.toBe(v0);
    expect(g1).toBe(g0);
    expect(h1).not.toBe(h0);
    // In the 1-minute window's baseline (15 minutes back), outside the window.
    index.apply([posts('a', 1, 100)]);
    const [v2, , h2] = read();
    expect(v2).not.toBe(v1);
    expect(h2).not.toBe(h1);
    // Beyond every baseline of the 1-minute window, inside the hour's.
    index.apply([posts('a', 1, 600)]);
    const [v3, , h3] = read();
    expect(v3).toBe(v2);
    expect(h3).not.toBe(h2);
    index.moveTo(NOON + 4_000);
    expect(read()).toEqual([v3, g1, h3]);
    index.moveTo(NOON + BUCKET);
    const [v4, g4] = read();
    expect(v4).not.toBe(v3);
    expect(g4).not.toBe(g1);
  });
});

describe('WindowIndex misuse', () => {
  it('refuses questions before the first watermark, unknown windows and malformed changes', () => {
    const index = newIndex();
    expect(() => index.trends(MINUTE, { scope: '' }, 10, 'count')).toThrow(/moveTo/);
    index.moveTo(NOON);
    expect(() => index.trends(2 * MINUTE, { scope: '' }, 10, 'count')).toThrow(/no window of 120000 ms/);
    expect(() => index.apply([posts('a', 1, 0, { bucketStart: NOON + 1 })])).toThrow(/multiple of the bucket length/);
    expect(() => index.apply([posts('a', 0.5)])).toThrow(/integer/);
  });
});
