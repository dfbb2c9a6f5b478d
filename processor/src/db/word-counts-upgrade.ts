import type mysql from 'mysql2/promise';
import { cellKey } from './bucket-blob.js';
import { writeBuckets } from './bucket-counts.js';

/**
 * Schema version 4: the counts move from one `word_counts` row per (bucket, scope, lang, word) into one compacted
 * row per bucket. Every counting transaction wrote its rows and its change-log entry together, so the table holds
 * exactly the changes up to the change head: its buckets, written as blobs, are compacted up to that head. Runs
 * again harmlessly when interrupted before the table is dropped (the same blobs are written again).
 */
export async function moveWordCountsIntoBuckets(connection: mysql.PoolConnection): Promise<void> {
  const [tables] = await connection.query<mysql.RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'word_counts'",
  );
  if (Number(tables[0]?.n) === 0) return;
  await connection.beginTransaction();
  try {
    // Holds back counting transactions at their last statement (they lock the head to take a number): one that
    // already wrote its rows and waits here commits after this one, numbered past the head read now, so its changes
    // are in the log after the compaction head and not in the table read next.
    const [head] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_change_head WHERE id = 1 FOR UPDATE');
    // A run interrupted after its commit but before the table was dropped wrote blobs already: start from none.
    await connection.query('DELETE FROM bucket_counts');
    const [rows] = await connection.query<mysql.RowDataPacket[]>({
      sql: 'SELECT bucket_start, scope, lang, word, post_count FROM word_counts WHERE post_count <> 0',
      rowsAsArray: true,
    });
    const buckets = new Map<number, Map<string, number>>();
    for (const [bucketStart, scope, lang, word, count] of rows as unknown as Array<[number, string, string, string, number]>) {
      let totals = buckets.get(Number(bucketStart));
      if (!totals) buckets.set(Number(bucketStart), (totals = new Map<string, number>()));
      totals.set(cellKey(scope, lang, word), Number(count));
    }
    await writeBuckets(connection, buckets);
    await connection.query('UPDATE count_compaction_head SET seq = ? WHERE id = 1', [Number(head[0]?.seq ?? 0)]);
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => {});
    throw error;
  }
}
