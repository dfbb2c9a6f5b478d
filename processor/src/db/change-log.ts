import { gunzipSync, gzipSync } from 'node:zlib';
import type mysql from 'mysql2/promise';
import type { CountRow } from '../counting/batch-types.js';
import { bucketRows } from './bucket-blob.js';
import { readBucketsFrom } from './bucket-counts.js';
import type { Pool } from './database.js';

/**
 * The count change log: every counting transaction appends its word-count changes as one row, numbered by a
 * sequence that is gap-free and in commit order (the head row is locked as the transaction's last step, so a
 * transaction holding a number commits before the next one can take a number). A reader that has applied
 * everything up to `seq` reads `seq > it` and misses nothing; this is how every processor keeps its in-memory
 * windows equal to MySQL, whichever processor counted. Rows are kept for a while, then expired; a reader that
 * falls further behind than that loads a fresh snapshot. The log is also where the counts live until compaction
 * folds them into their buckets (bucket-blob.ts, bucket-counts.ts, count-compaction.ts); only what is compacted may expire.
 */

/** Version 1: gzip of JSON `[[scope, lang, bucketStart, word, change], …]`, readable by any engine. */
const FORMAT = 1;

export function encodeChanges(rows: readonly CountRow[]): Buffer {
  return gzipSync(JSON.stringify(rows.map((row) => [row.scope, row.lang, row.bucketStart, row.word, row.count])), { level: 1 });
}

export function decodeChanges(blob: Buffer): CountRow[] {
  const tuples = JSON.parse(gunzipSync(blob).toString('utf8')) as Array<[string, string, number, string, number]>;
  return tuples.map(([scope, lang, bucketStart, word, count]) => ({ scope, lang, bucketStart, word, count }));
}

/** Appends the transaction's changes; must be the last statement before the commit (it serializes writers). */
export async function appendChanges(connection: mysql.PoolConnection, rows: readonly CountRow[], now: number): Promise<number> {
  const [head] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_change_head WHERE id = 1 FOR UPDATE');
  const seq = Number(head[0]?.seq ?? 0) + 1;
  await connection.query('INSERT INTO count_changes (seq, format, committed_at, changes) VALUES (?, ?, ?, ?)', [seq, FORMAT, now, encodeChanges(rows)]);
  await connection.query('UPDATE count_change_head SET seq = ? WHERE id = 1', [seq]);
  return seq;
}

export interface LoggedChanges {
  seq: number;
  rows: CountRow[];
}

/** The next changes after `seq`, in order, or null when some of them have expired (the reader must reload). */
export async function readChangesAfter(pool: Pool | mysql.PoolConnection, seq: number, limit = 200): Promise<LoggedChanges[] | null> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT seq, format, changes FROM count_changes WHERE seq > ? ORDER BY seq LIMIT ?', [seq, limit]);
  if (rows.length > 0 && Number(rows[0]?.seq) !== seq + 1) return null;
  return rows.map((row) => {
    if (Number(row.format) !== FORMAT)
      throw new Error(`count change ${String(row.seq)} has format ${String(row.format)}; this processor reads format ${FORMAT}`);
    return { seq: Number(row.seq), rows: decodeChanges(row.changes as Buffer) };
  });
}

export interface CountSnapshot {
  /** The last change the snapshot holds: read changes after it. */
  seq: number;
  rows: CountRow[];
}

/**
 * Every stored count from `fromBucket` on, and the change sequence they include, from one consistent snapshot:
 * the compacted buckets (bucket-counts.ts), oldest first, then the logged changes after the compaction head.
 */
export async function loadCountSnapshot(pool: Pool, fromBucket: number): Promise<CountSnapshot> {
  const connection = await pool.getConnection();
  try {
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [head] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_change_head WHERE id = 1');
    const [compacted] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_compaction_head WHERE id = 1');
    const rows: CountRow[] = [];
    for (const [bucketStart, totals] of await readBucketsFrom(connection, fromBucket)) for (const row of bucketRows(bucketStart, totals)) rows.push(row);
    const seq = Number(head[0]?.seq ?? 0);
    let after = Number(compacted[0]?.seq ?? 0);
    while (after < seq) {
      const changes = await readChangesAfter(connection, after, 200);
      if (changes === null || changes.length === 0) throw new Error(`the count change log lacks change ${after + 1}, which no compacted bucket holds`);
      for (const change of changes) for (const row of change.rows) if (row.bucketStart >= fromBucket) rows.push(row);
      after = changes.at(-1)?.seq ?? seq;
    }
    await connection.query('COMMIT');
    return { seq, rows };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

/**
 * Drops changes committed before `before` that compaction has folded into the buckets (a bounded chunk at a time),
 * keeping the newest one, so a reader further behind sees the gap and reloads.
 */
export async function expireChanges(pool: Pool, before: number, chunk = 20_000): Promise<number> {
  const [result] = await pool.query<mysql.ResultSetHeader>(
    `DELETE FROM count_changes WHERE committed_at < ? AND seq <= (SELECT seq FROM count_compaction_head WHERE id = 1)
     AND seq < (SELECT seq FROM count_change_head WHERE id = 1) LIMIT ?`,
    [before, chunk],
  );
  return result.affectedRows;
}
