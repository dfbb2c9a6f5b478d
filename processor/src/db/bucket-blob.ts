import { gunzipSync, gzipSync } from 'node:zlib';
import type { CountRow } from '../counting/batch-types.js';

/**
 * The word counts at rest: one row per event-time bucket (`bucket_counts`), its (scope, lang, word) totals in one
 * compressed blob, holding every change of the change log up to the compaction head (`count_compaction_head`).
 * The truth of a count is its bucket's blob plus the logged changes after that head: the counting writes only the
 * log (one row per transaction instead of one per word per bucket), and compaction (count-compaction.ts) folds
 * the log into the blobs now and then. This file is the blob's format and the folding, pure; bucket-counts.ts
 * reads and writes the rows.
 */

/** Version 1: gzip of JSON `[[scope, lang, word, count], …]`, sorted, no zero totals; readable by any engine. */
export const BUCKET_FORMAT = 1;

type Cell = [scope: string, lang: string, word: string, count: number];

/** The key of a (scope, lang, word) total inside one bucket. NUL never occurs in a scope, a language or a word. */
export function cellKey(scope: string, lang: string, word: string): string {
  return `${scope}\u0000${lang}\u0000${word}`;
}

function splitKey(key: string): [string, string, string] {
  const [scope = '', lang = '', word = ''] = key.split('\u0000');
  return [scope, lang, word];
}

export function encodeBucket(totals: ReadonlyMap<string, number>): Buffer {
  const cells: Cell[] = [];
  for (const [key, count] of totals) if (count !== 0) cells.push([...splitKey(key), count]);
  cells.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return gzipSync(JSON.stringify(cells), { level: 1 });
}

export function decodeBucket(blob: Buffer): Map<string, number> {
  const cells = JSON.parse(gunzipSync(blob).toString('utf8')) as Cell[];
  return new Map(cells.map(([scope, lang, word, count]) => [cellKey(scope, lang, word), count]));
}

/** The bucket's totals as count changes from zero: what loading it into the windows applies. */
export function bucketRows(bucketStart: number, totals: ReadonlyMap<string, number>): CountRow[] {
  const rows: CountRow[] = [];
  for (const [key, count] of totals) {
    if (count === 0) continue;
    const [scope, lang, word] = splitKey(key);
    rows.push({ scope, lang, bucketStart, word, count });
  }
  return rows;
}

/**
 * Adds signed changes to the totals of their buckets, in place; `totalsOf` gives a bucket's totals before the first
 * change to it (read from its blob, or empty). Returns the buckets touched.
 */
export function foldChanges(
  byBucket: Map<number, Map<string, number>>,
  changes: Iterable<CountRow>,
  totalsOf: (bucketStart: number) => Map<string, number> = () => new Map(),
): Set<number> {
  const touched = new Set<number>();
  for (const { scope, lang, bucketStart, word, count } of changes) {
    let totals = byBucket.get(bucketStart);
    if (!totals) {
      totals = totalsOf(bucketStart);
      byBucket.set(bucketStart, totals);
    }
    const key = cellKey(scope, lang, word);
    const total = (totals.get(key) ?? 0) + count;
    if (total === 0) totals.delete(key);
    else totals.set(key, total);
    touched.add(bucketStart);
  }
  return touched;
}
