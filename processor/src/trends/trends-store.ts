import type mysql from 'mysql2/promise';
import { storedPartitionStates, type OffsetKey } from '../db/count-store.js';
import type { Pool } from '../db/database.js';

export interface ProgressSummary {
  maxEventTime: number | null;
  lastAdvanceAt: number | null;
  latePosts: number;
  nextOffsets: Map<number, number>;
}

/** The pipeline's progress across partitions, from the same offset rows the counting writes. */
export async function queryProgress(pool: Pool, key: OffsetKey): Promise<ProgressSummary> {
  const states = await storedPartitionStates(pool, key);
  let maxEventTime: number | null = null;
  let lastAdvanceAt: number | null = null;
  let latePosts = 0;
  for (const state of states.values()) {
    if (state.maxEventTime !== null) maxEventTime = Math.max(maxEventTime ?? -Infinity, state.maxEventTime);
    if (state.lastAdvanceAt !== null) lastAdvanceAt = Math.max(lastAdvanceAt ?? -Infinity, state.lastAdvanceAt);
    latePosts += state.latePosts;
  }
  const nextOffsets = new Map([...states].map(([partition, state]) => [partition, state.nextOffset]));
  return { maxEventTime, lastAdvanceAt, latePosts, nextOffsets };
}

export async function countDeadLetters(pool: Pool, topic: string): Promise<number> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM dead_letters WHERE topic = ?', [topic]);
  return Number(rows[0]?.n ?? 0);
}
