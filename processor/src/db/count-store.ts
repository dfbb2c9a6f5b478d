import type mysql from 'mysql2/promise';
import type { BatchResult } from '../counting/aggregate-batch.js';
import type { PartitionState } from '../counting/batch-types.js';
import { memoryKindCode, memoryKindOf, type RememberedPost } from '../counting/post-memory.js';
import { appendChanges } from './change-log.js';
import type { Pool } from './database.js';

/** Rows per multi-row statement: well under max_allowed_packet, large enough to amortise round trips. */
const ROWS_PER_STATEMENT = 2000;

export interface OffsetKey {
  group: string;
  topic: string;
}

export type Applier = (states: ReadonlyMap<number, PartitionState>, memory: ReadonlyMap<string, RememberedPost>) => BatchResult;

/**
 * The one transaction that makes counting exactly-once: lock the partitions' stored offsets, let the caller
 * decide what to apply against them and the posts it remembers, then write post counts, post memory, dead
 * letters, the new offsets and the word-count changes, together. The word-count changes are one change-log row
 * (change-log.ts): every processor's windows follow it, and compaction folds it into the stored buckets
 * (count-compaction.ts). Whatever the processor dies on, either all of a batch is applied or none of it.
 */
export async function applyBatchTransaction(
  pool: Pool,
  key: OffsetKey,
  partitions: readonly number[],
  uriHashes: readonly string[],
  apply: Applier,
  now: number,
): Promise<BatchResult> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const states = await lockPartitionStates(connection, key, partitions);
    const memory = await recallPosts(connection, uriHashes);
    const result = apply(states, memory);
    await upsertRows(
      connection,
      'INSERT INTO post_counts (bucket_start, scope, lang, posts) VALUES ? ON DUPLICATE KEY UPDATE posts = posts + VALUES(posts)',
      result.postCounts.map((row) => [row.bucketStart, row.scope, row.lang, row.posts]),
    );
    await upsertRows(
      connection,
      `INSERT INTO counted_posts (uri_hash, created_at, kind, lang, scopes, tokens) VALUES ?
       ON DUPLICATE KEY UPDATE kind = VALUES(kind), lang = VALUES(lang), scopes = VALUES(scopes), tokens = VALUES(tokens)`,
      result.remembered.map((entry) => [
        Buffer.from(entry.uriHash, 'hex'),
        entry.eventTime,
        memoryKindCode(entry.kind),
        entry.lang,
        JSON.stringify(entry.scopes),
        JSON.stringify(entry.tokens),
      ]),
    );
    await upsertRows(
      connection,
      'INSERT IGNORE INTO dead_letters (topic, partition_id, kafka_offset, error_code, reason, recorded_at) VALUES ?',
      result.deadLetters.map((dead) => [key.topic, dead.partition, dead.offset, dead.code, dead.reason.slice(0, 1000), now]),
    );
    await upsertRows(
      connection,
      `INSERT INTO partition_offsets (consumer_group, topic, partition_id, next_offset, max_event_time, last_advance_at, late_posts, updated_at)
       VALUES ? ON DUPLICATE KEY UPDATE next_offset = VALUES(next_offset), max_event_time = VALUES(max_event_time),
       last_advance_at = VALUES(last_advance_at), late_posts = VALUES(late_posts), updated_at = VALUES(updated_at)`,
      [...result.states.entries()]
        .sort(([a], [b]) => a - b)
        .map(([partition, state]) => [key.group, key.topic, partition, state.nextOffset, state.maxEventTime, state.lastAdvanceAt, state.latePosts, now]),
    );
    if (result.wordCounts.length > 0) await appendChanges(connection, result.wordCounts, now);
    await connection.commit();
    return result;
  } catch (error) {
    await connection.rollback().catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

async function lockPartitionStates(connection: mysql.PoolConnection, key: OffsetKey, partitions: readonly number[]): Promise<Map<number, PartitionState>> {
  const states = new Map<number, PartitionState>();
  if (partitions.length === 0) return states;
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT partition_id, next_offset, max_event_time, last_advance_at, late_posts FROM partition_offsets
     WHERE consumer_group = ? AND topic = ? AND partition_id IN (?) ORDER BY partition_id FOR UPDATE`,
    [key.group, key.topic, [...partitions].sort((a, b) => a - b)],
  );
  for (const row of rows) states.set(Number(row.partition_id), toState(row));
  return states;
}

/**
 * What is remembered of the batch's posts. A plain read: the partition locks already keep other counting
 * transactions away from these posts (all records of a post share its key, hence its partition). Expiry may
 * race with it only for a post at the very edge of the horizon, whose bucket no window shows any more.
 */
async function recallPosts(connection: mysql.PoolConnection, uriHashes: readonly string[]): Promise<Map<string, RememberedPost>> {
  const memory = new Map<string, RememberedPost>();
  for (let start = 0; start < uriHashes.length; start += ROWS_PER_STATEMENT) {
    const chunk = uriHashes.slice(start, start + ROWS_PER_STATEMENT).map((hash) => Buffer.from(hash, 'hex'));
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT uri_hash, created_at, kind, lang, scopes, tokens FROM counted_posts WHERE uri_hash IN (?)',
      [chunk],
    );
    for (const row of rows) {
      const uriHash = (row.uri_hash as Buffer).toString('hex');
      memory.set(uriHash, {
        uriHash,
        eventTime: Number(row.created_at),
        kind: memoryKindOf(Number(row.kind)),
        lang: String(row.lang),
        scopes: parseStringArray(row.scopes),
        tokens: parseStringArray(row.tokens),
      });
    }
  }
  return memory;
}

function parseStringArray(value: unknown): string[] {
  const parsed: unknown = JSON.parse(String(value));
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

async function upsertRows(connection: mysql.PoolConnection, sql: string, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await connection.query(sql, [rows.slice(start, start + ROWS_PER_STATEMENT)]);
  }
}

function toState(row: mysql.RowDataPacket): PartitionState {
  return {
    nextOffset: Number(row.next_offset),
    maxEventTime: row.max_event_time === null ? null : Number(row.max_event_time),
    lastAdvanceAt: row.last_advance_at === null ? null : Number(row.last_advance_at),
    latePosts: Number(row.late_posts),
  };
}

/** The stored offsets, to seek to on start: Kafka's committed offsets are only a hint. */
export async function storedPartitionStates(pool: Pool, key: OffsetKey): Promise<Map<number, PartitionState>> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>(
    'SELECT partition_id, next_offset, max_event_time, last_advance_at, late_posts FROM partition_offsets WHERE consumer_group = ? AND topic = ?',
    [key.group, key.topic],
  );
  return new Map(rows.map((row) => [Number(row.partition_id), toState(row)]));
}

/**
 * Moves a stored offset that lies past the end of its partition back to `offset`. Only a topic deleted and
 * created again (or a broker whose data was wiped) while MySQL kept its offsets leaves one there; kept, it
 * would make the new topic's first messages look applied already. Returns whether a row was moved.
 */
export async function rewindOffsetPastEnd(pool: Pool, key: OffsetKey, partition: number, end: number, offset: number): Promise<boolean> {
  const [result] = await pool.query<mysql.ResultSetHeader>(
    'UPDATE partition_offsets SET next_offset = ? WHERE consumer_group = ? AND topic = ? AND partition_id = ? AND next_offset > ?',
    [offset, key.group, key.topic, partition, end],
  );
  return result.affectedRows > 0;
}

/**
 * Drops post memory and buckets older than the retention horizon, a bounded chunk at a time. Memory goes
 * first, so a remembered post's counts are still there when a delete takes them back. A late change to a bucket
 * expired meanwhile is not folded into it by compaction (count-compaction.ts); at worst a row the next run removes.
 */
export async function expireBefore(pool: Pool, horizon: number, chunk = 20_000): Promise<number> {
  let deleted = 0;
  for (const sql of [
    'DELETE FROM counted_posts WHERE created_at < ? LIMIT ?',
    'DELETE FROM bucket_counts WHERE bucket_start < ? LIMIT ?',
    'DELETE FROM post_counts WHERE bucket_start < ? LIMIT ?',
  ]) {
    const [result] = await pool.query<mysql.ResultSetHeader>(sql, [horizon, chunk]);
    deleted += result.affectedRows;
  }
  return deleted;
}
