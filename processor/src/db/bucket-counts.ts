import { gunzipSync, gzipSync } from 'node:zlib';
import type mysql from 'mysql2/promise';
import type { CountRow } from '../counting/batch-types.js';

/**
 * The word counts at rest: one row per event-time bucket (`bucket_counts`), its (scope, lang, word) totals in one
 * compressed blob, holding every change of the change log up to the compaction head (`count_compaction_head`).
 * The truth of a count is its bucket's blob plus the logged changes after that head: the counting writes only the
 * log (one row per transaction instead of one per word per bucket), and compaction (count-compaction.ts) folds
 * the log into the blobs now and then.
 */

/** Version 1: gzip of JSON `[[scope, lang, word, count], …]`, sorted, no zero totals; readable by any engine. */
export const BUCKET_FORMAT = 1;

const STATEMENT_BYTES = 4 * 1024 * 1024;

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

/** The stored totals of the given buckets (absent buckets are left out). */
export async function readBuckets(connection: mysql.PoolConnection | mysql.Connection, buckets: readonly number[]): Promise<Map<number, Map<string, number>>> {
  const found = new Map<number, Map<string, number>>();
  for (let start = 0; start < buckets.length; start += 500) {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT bucket_start, format, counts FROM bucket_counts WHERE bucket_start IN (?)', [
      buckets.slice(start, start + 500),
    ]);
    for (const row of rows) found.set(Number(row.bucket_start), decodeStored(row));
  }
  return found;
}

/** Every stored bucket from `fromBucket` on, oldest first. */
export async function readBucketsFrom(connection: mysql.PoolConnection | mysql.Connection, fromBucket: number): Promise<Array<[number, Map<string, number>]>> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT bucket_start, format, counts FROM bucket_counts WHERE bucket_start >= ? ORDER BY bucket_start',
    [fromBucket],
  );
  return rows.map((row) => [Number(row.bucket_start), decodeStored(row)]);
}

/** Replaces the stored totals of each bucket given; a bucket left with no total is removed. Returns rows written. */
export async function writeBuckets(
  connection: mysql.PoolConnection | mysql.Connection,
  buckets: ReadonlyMap<number, ReadonlyMap<string, number>>,
): Promise<number> {
  const replaced: unknown[][] = [];
  const emptied: number[] = [];
  for (const [bucketStart, totals] of buckets) {
    if (totals.size === 0) emptied.push(bucketStart);
    else replaced.push([bucketStart, BUCKET_FORMAT, totals.size, encodeBucket(totals)]);
  }
  // Statements of a few megabytes at most: a busy bucket's blob may be large, and MariaDB's max_allowed_packet is 16 MB.
  // mysql2 sends a blob as a hex literal: twice its size on the wire.
  let statement: unknown[][] = [];
  let bytes = 0;
  for (const row of replaced) {
    const size = 2 * (row[3] as Buffer).length + 64;
    if (statement.length > 0 && bytes + size > STATEMENT_BYTES) {
      await connection.query('REPLACE INTO bucket_counts (bucket_start, format, cells, counts) VALUES ?', [statement]);
      statement = [];
      bytes = 0;
    }
    statement.push(row);
    bytes += size;
  }
  if (statement.length > 0) await connection.query('REPLACE INTO bucket_counts (bucket_start, format, cells, counts) VALUES ?', [statement]);
  if (emptied.length > 0) await connection.query('DELETE FROM bucket_counts WHERE bucket_start IN (?)', [emptied]);
  return replaced.length + emptied.length;
}

function decodeStored(row: mysql.RowDataPacket): Map<string, number> {
  if (Number(row.format) !== BUCKET_FORMAT)
    throw new Error(`bucket ${String(row.bucket_start)} is stored in format ${String(row.format)}; this processor reads format ${BUCKET_FORMAT}`);
  return decodeBucket(row.counts as Buffer);
}
