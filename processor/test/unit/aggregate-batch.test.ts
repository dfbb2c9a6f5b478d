import { describe, expect, it } from 'vitest';
import { aggregateBatch } from '../../src/counting/aggregate-batch.js';
import type { CountablePost, PartitionState, PendingMessage } from '../../src/counting/batch-types.js';

const options = { bucketMs: 5_000, allowedLatenessMs: 10_000, scopesFor: () => [] as string[], now: 1_000_000 };

function post(offset: number, overrides: Partial<CountablePost> = {}, partition = 0): PendingMessage {
  return {
    kind: 'post',
    partition,
    offset,
    post: {
      uriHash: `uri-${offset}`,
      createdAt: 100_000 + offset * 1_000,
      receivedAt: 0,
      language: 'en',
      isBoost: false,
      hashtags: [],
      source: 'replay',
      instance: 'a.example',
      tokens: ['kafka', 'stream'],
      ...overrides,
    },
  };
}

const count = (result: ReturnType<typeof aggregateBatch>, word: string) =>
  result.wordCounts.filter((row) => row.word === word && row.scope === '').reduce((sum, row) => sum + row.count, 0);

describe('aggregateBatch', () => {
  it('counts each word once per post in its event-time bucket', () => {
    const result = aggregateBatch([post(0), post(1), post(7)], new Map(), new Set(), options);
    expect(result.wordCounts).toEqual([
      { scope: '', bucketStart: 100_000, lang: 'en', word: 'kafka', count: 2 },
      { scope: '', bucketStart: 100_000, lang: 'en', word: 'stream', count: 2 },
      { scope: '', bucketStart: 105_000, lang: 'en', word: 'kafka', count: 1 },
      { scope: '', bucketStart: 105_000, lang: 'en', word: 'stream', count: 1 },
    ]);
    expect(result.states.get(0)).toMatchObject({ nextOffset: 8, maxEventTime: 107_000 });
  });

  it('counts a post once whichever instances it came from (dedupe by URI), in the batch and against stored ones', () => {
    const messages = [post(0, { uriHash: 'same' }), post(1, { uriHash: 'same', instance: 'b.example' }), post(2, { uriHash: 'old' })];
    const result = aggregateBatch(messages, new Map(), new Set(['old']), options);
    expect(count(result, 'kafka')).toBe(1);
    expect(result.stats.duplicates).toBe(2);
    expect(result.newlySeen.map((entry) => entry.uriHash)).toEqual(['same']);
  });

  it('adds no word counts for boosts but remembers their URI', () => {
    const result = aggregateBatch([post(0, { isBoost: true })], new Map(), new Set(), options);
    expect(result.wordCounts).toEqual([]);
    expect(result.stats.boosts).toBe(1);
    expect(result.newlySeen).toHaveLength(1);
  });

  it('skips offsets already applied (exactly-once after a crash or rebalance)', () => {
    const stored = new Map<number, PartitionState>([[0, { nextOffset: 2, maxEventTime: 101_000, lastAdvanceAt: 0, latePosts: 0 }]]);
    const result = aggregateBatch([post(0), post(1), post(2)], stored, new Set(), options);
    expect(result.stats.alreadyApplied).toBe(2);
    expect(result.stats.counted).toBe(1);
    expect(result.states.get(0)?.nextOffset).toBe(3);
  });

  it('drops posts later than the allowed lateness and counts them as late', () => {
    const result = aggregateBatch([post(30), post(31, { createdAt: 100_000 })], new Map(), new Set(), options);
    expect(result.stats.late).toBe(1);
    expect(result.states.get(0)?.latePosts).toBe(1);
    expect(count(result, 'kafka')).toBe(1);
  });

  it('counts a post from the future as written now, so it cannot push the watermark ahead of the clock and make the present late', () => {
    const result = aggregateBatch(
      [post(0, { createdAt: options.now + 3_600_000 }), post(1, { createdAt: options.now - 2_000 })],
      new Map(),
      new Set(),
      options,
    );
    expect(result.states.get(0)).toMatchObject({ maxEventTime: options.now, latePosts: 0 });
    expect(result.stats).toMatchObject({ counted: 2, late: 0 });
    expect(count(result, 'kafka')).toBe(2);
    expect(Math.max(...result.wordCounts.map((row) => row.bucketStart))).toBe(options.now - (options.now % options.bucketMs));
  });

  it('tracks lateness per partition, so interleaving partitions does not change decisions', () => {
    const p0 = [post(0, { createdAt: 200_000 }, 0)];
    const p1 = [post(0, { createdAt: 100_000, uriHash: 'x' }, 1)];
    const a = aggregateBatch([...p0, ...p1], new Map(), new Set(), options);
    const b = aggregateBatch([...p1, ...p0], new Map(), new Set(), options);
    expect(a.stats.late).toBe(0);
    expect(a.wordCounts).toEqual(b.wordCounts);
  });

  it('moves the offset past dead letters and records them', () => {
    const dead: PendingMessage = { kind: 'dead', partition: 0, offset: 0, code: 'BAD_MAGIC', reason: 'x', key: null, value: null };
    const result = aggregateBatch([dead, post(1)], new Map(), new Set(), options);
    expect(result.deadLetters).toHaveLength(1);
    expect(result.states.get(0)?.nextOffset).toBe(2);
  });

  it('also counts a post under each followed hashtag it carries', () => {
    const result = aggregateBatch([post(0, { hashtags: ['kafka', 'other'] })], new Map(), new Set(), {
      ...options,
      scopesFor: (tags) => tags.filter((tag) => tag === 'kafka'),
    });
    expect(result.wordCounts.filter((row) => row.scope === 'kafka').map((row) => row.word)).toEqual(['kafka', 'stream']);
    expect(result.postCounts.map((row) => row.scope)).toEqual(['', 'kafka']);
  });

  it('writes rows in one stable key order', () => {
    const result = aggregateBatch([post(9, { tokens: ['b', 'a'] }), post(0, { tokens: ['c'] })], new Map(), new Set(), options);
    const keys = result.wordCounts.map((row) => `${row.bucketStart}/${row.word}`);
    expect(keys).toEqual([...keys].sort());
  });
});
