import type mysql from 'mysql2/promise';
import { BUCKET_FORMAT, decodeBucket, encodeBucket } from './bucket-blob.js';

/** Reads and writes the rows of `bucket_counts`; the blobs' format and the folding are in bucket-blob.ts. */

const STATEMENT_BYTES = 4 * 1024 * 1024;

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
