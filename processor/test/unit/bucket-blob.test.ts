import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bucketRows, cellKey, decodeBucket, encodeBucket, foldChanges } from '../../src/db/bucket-blob.js';

const row = (bucketStart: number, word: string, count: number, lang = 'en', scope = '') => ({ scope, lang, bucketStart, word, count });

describe('bucket totals at rest', () => {
  it('round-trips through the blob, sorted and without zero totals, in the documented JSON', () => {
    const totals = new Map([
      [cellKey('kafka', 'en', 'stream'), 2],
      [cellKey('', 'ja', '東京'), 5],
      [cellKey('', 'en', 'gone'), 0],
      [cellKey('', '', 'émoji😀'), -1],
    ]);
    const blob = encodeBucket(totals);
    expect(JSON.parse(gunzipSync(blob).toString('utf8'))).toEqual([
      ['', '', 'émoji😀', -1],
      ['', 'ja', '東京', 5],
      ['kafka', 'en', 'stream', 2],
    ]);
    expect(decodeBucket(blob)).toEqual(new Map([...totals].filter(([, count]) => count !== 0)));
  });

  it('gives a bucket back as count changes from zero', () => {
    const totals = new Map([
      [cellKey('', 'en', 'a'), 3],
      [cellKey('tag', 'de', 'b'), 1],
    ]);
    expect(bucketRows(10_000, totals)).toEqual([row(10_000, 'a', 3), row(10_000, 'b', 1, 'de', 'tag')]);
  });

  it('folds signed changes into the stored totals of each bucket, dropping totals that reach zero', () => {
    const stored = new Map([[5_000, new Map([[cellKey('', 'en', 'old'), 4]])]]);
    const byBucket = new Map<number, Map<string, number>>();
    const touched = foldChanges(
      byBucket,
      [row(5_000, 'old', -4), row(5_000, 'new', 1), row(10_000, 'x', 2), row(10_000, 'x', -1)],
      (bucket) => new Map(stored.get(bucket) ?? []),
    );
    expect([...touched]).toEqual([5_000, 10_000]);
    expect(byBucket).toEqual(
      new Map([
        [5_000, new Map([[cellKey('', 'en', 'new'), 1]])],
        [10_000, new Map([[cellKey('', 'en', 'x'), 1]])],
      ]),
    );
  });

  it('leaves a bucket empty when every total went back to zero, so the writer removes it', () => {
    const byBucket = new Map<number, Map<string, number>>();
    foldChanges(byBucket, [row(0, 'a', 1), row(0, 'a', -1)]);
    expect(byBucket.get(0)?.size).toBe(0);
  });
});
