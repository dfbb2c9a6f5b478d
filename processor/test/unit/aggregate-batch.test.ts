import { describe, expect, it } from 'vitest';
import { aggregateBatch } from '../../src/counting/aggregate-batch.js';
import type { CountablePost, PartitionState, PendingMessage } from '../../src/counting/batch-types.js';
import type { RememberedPost } from '../../src/counting/post-memory.js';

const HORIZON_MS = 60_000;
const options = { bucketMs: 5_000, horizonMs: HORIZON_MS, scopesFor: () => [] as string[], now: 1_000_000 };

function remembered(uriHash: string, overrides: Partial<RememberedPost> = {}): RememberedPost {
  return { uriHash, eventTime: 100_000, kind: 'counted', lang: 'en', scopes: [''], tokens: ['kafka', 'stream'], ...overrides };
}

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
    const result = aggregateBatch([post(0), post(1), post(7)], new Map(), new Map(), options);
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
    const result = aggregateBatch(messages, new Map(), new Map([['old', remembered('old')]]), options);
    expect(count(result, 'kafka')).toBe(1);
    expect(result.stats.duplicates).toBe(2);
    expect(result.remembered.map((entry) => entry.uriHash)).toEqual(['same']);
  });

  it('adds no word counts for boosts but remembers their URI', () => {
    const result = aggregateBatch([post(0, { isBoost: true })], new Map(), new Map(), options);
    expect(result.wordCounts).toEqual([]);
    expect(result.stats.boosts).toBe(1);
    expect(result.remembered).toEqual([{ uriHash: 'uri-0', eventTime: 100_000, kind: 'boost', lang: 'en', scopes: [], tokens: [] }]);
  });

  it('skips offsets already applied (exactly-once after a crash or rebalance)', () => {
    const stored = new Map<number, PartitionState>([[0, { nextOffset: 2, maxEventTime: 101_000, lastAdvanceAt: 0, latePosts: 0 }]]);
    const result = aggregateBatch([post(0), post(1), post(2)], stored, new Map(), options);
    expect(result.stats.alreadyApplied).toBe(2);
    expect(result.stats.counted).toBe(1);
    expect(result.states.get(0)?.nextOffset).toBe(3);
  });

  it('counts a post that arrives late in its own bucket while that bucket is within the retention horizon', () => {
    const newest = 100_000 + 30 * 1_000;
    const recovered = aggregateBatch([post(30), post(31, { createdAt: newest - HORIZON_MS })], new Map(), new Map(), options);
    expect(recovered.stats).toMatchObject({ counted: 2, late: 0 });
    const buckets = recovered.wordCounts.filter((row) => row.word === 'kafka').map((row) => row.bucketStart);
    expect(buckets.sort((a, b) => a - b)).toEqual([newest - HORIZON_MS, newest]);
    expect(recovered.states.get(0)?.maxEventTime).toBe(newest);
  });

  it('drops only posts older than the retention horizon, and counts them as late', () => {
    const newest = 100_000 + 30 * 1_000;
    const result = aggregateBatch([post(30), post(31, { createdAt: newest - HORIZON_MS - 1 })], new Map(), new Map(), options);
    expect(result.stats.late).toBe(1);
    expect(result.states.get(0)?.latePosts).toBe(1);
    expect(result.remembered.map((entry) => entry.uriHash)).toEqual(['uri-30']);
    expect(count(result, 'kafka')).toBe(1);
  });

  it('counts a post from the future as written now, so it cannot push the watermark ahead of the clock and make the present late', () => {
    const result = aggregateBatch(
      [post(0, { createdAt: options.now + 3_600_000 }), post(1, { createdAt: options.now - 2_000 })],
      new Map(),
      new Map(),
      options,
    );
    expect(result.states.get(0)).toMatchObject({ maxEventTime: options.now, latePosts: 0 });
    expect(result.stats).toMatchObject({ counted: 2, late: 0 });
    expect(count(result, 'kafka')).toBe(2);
    expect(Math.max(...result.wordCounts.map((row) => row.bucketStart))).toBe(options.now - (options.now % options.bucketMs));
  });

  it('tracks lateness per partition, so interleaving partitions does not change decisions', () => {
    const p0 = [post(0, { createdAt: 100_000 + HORIZON_MS * 2 }, 0)];
    const p1 = [post(0, { createdAt: 100_000, uriHash: 'x' }, 1)];
    const a = aggregateBatch([...p0, ...p1], new Map(), new Map(), options);
    const b = aggregateBatch([...p1, ...p0], new Map(), new Map(), options);
    expect(a.stats.late).toBe(0);
    expect(a.wordCounts).toEqual(b.wordCounts);
  });

  it('moves the offset past dead letters and records them', () => {
    const dead: PendingMessage = { kind: 'dead', partition: 0, offset: 0, code: 'BAD_MAGIC', reason: 'x', key: null, value: null };
    const result = aggregateBatch([dead, post(1)], new Map(), new Map(), options);
    expect(result.deadLetters).toHaveLength(1);
    expect(result.states.get(0)?.nextOffset).toBe(2);
  });

  it('also counts a post under each followed hashtag it carries', () => {
    const result = aggregateBatch([post(0, { hashtags: ['kafka', 'other'] })], new Map(), new Map(), {
      ...options,
      scopesFor: (tags) => tags.filter((tag) => tag === 'kafka'),
    });
    expect(result.wordCounts.filter((row) => row.scope === 'kafka').map((row) => row.word)).toEqual(['kafka', 'stream']);
    expect(result.postCounts.map((row) => row.scope)).toEqual(['', 'kafka']);
  });

  it('writes rows in one stable key order', () => {
    const result = aggregateBatch([post(9, { tokens: ['b', 'a'] }), post(0, { tokens: ['c'] })], new Map(), new Map(), options);
    const keys = result.wordCounts.map((row) => `${row.bucketStart}/${row.word}`);
    expect(keys).toEqual([...keys].sort());
  });

  describe('deletes and edits', () => {
    const deletion = (offset: number, uriHash: string, receivedAt = 500_000): PendingMessage => ({ kind: 'delete', partition: 0, offset, uriHash, receivedAt });
    const edit = (offset: number, overrides: Partial<CountablePost>): PendingMessage => {
      const original = post(offset, overrides);
      return { ...original, kind: 'edit' } as PendingMessage;
    };

    it("takes a deleted post's words back from its bucket and remembers it as deleted", () => {
      const result = aggregateBatch([post(0), deletion(1, 'uri-0')], new Map(), new Map(), options);
      expect(result.wordCounts).toEqual([]);
      expect(result.postCounts).toEqual([]);
      expect(result.stats).toMatchObject({ counted: 1, deleted: 1 });
      expect(result.remembered).toEqual([{ uriHash: 'uri-0', eventTime: 100_000, kind: 'deleted', lang: 'en', scopes: [], tokens: [] }]);
    });

    it('takes back a post counted in an earlier batch, under every scope it was counted in', () => {
      const memory = new Map([['old', remembered('old', { eventTime: 101_000, scopes: ['', 'kafka'], lang: 'de' })]]);
      const result = aggregateBatch([post(5), deletion(6, 'old')], new Map(), memory, options);
      expect(result.wordCounts.filter((row) => row.count < 0)).toEqual([
        { scope: '', bucketStart: 100_000, lang: 'de', word: 'kafka', count: -1 },
        { scope: '', bucketStart: 100_000, lang: 'de', word: 'stream', count: -1 },
        { scope: 'kafka', bucketStart: 100_000, lang: 'de', word: 'kafka', count: -1 },
        { scope: 'kafka', bucketStart: 100_000, lang: 'de', word: 'stream', count: -1 },
      ]);
      expect(result.postCounts.filter((row) => row.posts < 0).map((row) => row.scope)).toEqual(['', 'kafka']);
    });

    it('never counts a post whose deletion arrived first, and takes nothing back twice', () => {
      const result = aggregateBatch([deletion(0, 'uri-1', 90_000), post(1), deletion(2, 'uri-1')], new Map(), new Map(), options);
      expect(result.wordCounts).toEqual([]);
      expect(result.stats).toMatchObject({ counted: 0, duplicates: 1, deleted: 0, unmatched: 2 });
      expect(result.remembered).toEqual([{ uriHash: 'uri-1', eventTime: 90_000, kind: 'deleted', lang: '', scopes: [], tokens: [] }]);
    });

    it('leaves posts outside the horizon and posts counted before words were remembered as they are', () => {
      const memory = new Map([
        ['ancient', remembered('ancient', { eventTime: 100_000 })],
        ['migrated', remembered('migrated', { kind: 'unremembered', eventTime: 200_000, scopes: [], tokens: [] })],
      ]);
      const now = 100_000 + HORIZON_MS + 5_000;
      const result = aggregateBatch([post(0, { createdAt: now }), deletion(1, 'ancient'), deletion(2, 'migrated')], new Map(), memory, options);
      expect(result.wordCounts.every((row) => row.count > 0)).toBe(true);
      expect(result.stats).toMatchObject({ deleted: 0, unmatched: 2 });
    });

    it("replaces an edited post's words in its original bucket, whatever the edit says its time is", () => {
      const result = aggregateBatch([post(0), edit(1, { uriHash: 'uri-0', tokens: ['kafka', 'flink'], createdAt: 170_000 })], new Map(), new Map(), options);
      expect(result.wordCounts).toEqual([
        { scope: '', bucketStart: 100_000, lang: 'en', word: 'flink', count: 1 },
        { scope: '', bucketStart: 100_000, lang: 'en', word: 'kafka', count: 1 },
      ]);
      expect(result.postCounts).toEqual([{ scope: '', bucketStart: 100_000, lang: 'en', posts: 1 }]);
      expect(result.stats).toMatchObject({ counted: 1, edited: 1 });
      expect(result.remembered[0]).toMatchObject({ uriHash: 'uri-0', eventTime: 100_000, kind: 'counted', tokens: ['kafka', 'flink'] });
    });

    it('moves an edited post to the language and followed hashtags it now has', () => {
      const scopesFor = (tags: readonly string[]) => tags.filter((tag) => tag === 'kafka');
      const memory = new Map([['uri-0', remembered('uri-0')]]);
      const result = aggregateBatch([edit(1, { uriHash: 'uri-0', language: 'de', hashtags: ['kafka'] })], new Map(), memory, { ...options, scopesFor });
      expect(result.postCounts).toEqual([
        { scope: '', bucketStart: 100_000, lang: 'de', posts: 1 },
        { scope: '', bucketStart: 100_000, lang: 'en', posts: -1 },
        { scope: 'kafka', bucketStart: 100_000, lang: 'de', posts: 1 },
      ]);
    });

    it('counts an edit of a post never seen as the post, once', () => {
      const result = aggregateBatch(
        [edit(0, { uriHash: 'late' }), edit(1, { uriHash: 'late', tokens: ['kafka'] }), post(2, { uriHash: 'late' })],
        new Map(),
        new Map(),
        options,
      );
      expect(result.wordCounts.map((row) => [row.word, row.count])).toEqual([['kafka', 1]]);
      expect(result.stats).toMatchObject({ counted: 1, edited: 1, duplicates: 1 });
    });

    it('ignores edits of boosts and of deleted posts', () => {
      const memory = new Map([
        ['boost', remembered('boost', { kind: 'boost', scopes: [], tokens: [] })],
        ['gone', remembered('gone', { kind: 'deleted', scopes: [], tokens: [] })],
      ]);
      const result = aggregateBatch(
        [edit(0, { uriHash: 'boost' }), edit(1, { uriHash: 'gone' }), post(2), edit(3, { uriHash: 'uri-2', isBoost: true, tokens: [] })],
        new Map(),
        memory,
        options,
      );
      expect(result.wordCounts.map((row) => [row.word, row.count])).toEqual([
        ['kafka', 1],
        ['stream', 1],
      ]);
      expect(result.stats.unmatched).toBe(3);
    });
  });
});
