import type mysql from 'mysql2/promise';
import type { CountRow } from '../counting/batch-types.js';
import { foldChanges } from './bucket-blob.js';
import { readBuckets, writeBuckets } from './bucket-counts.js';
import { readChangesAfter } from './change-log.js';
import type { Pool } from './database.js';

export interface CompactionStep {
  /** The compaction head before and after: changes (from, to] were folded into their buckets. */
  from: number;
  to: number;
  /** The change head when the step ran: what is left to fold is `head - to`. */
  head: number;
  /** Bucket rows written. */
  buckets: number;
}

/**
 * Folds up to `maxChanges` logged count changes after the compaction head into their buckets' stored totals, and
 * moves the head past them, in one transaction. The head row is locked first, so processors compacting at once take
 * turns and never fold a change twice; counting transactions are not held up (they lock only the change head).
 * Only committed changes are read, and they are gap-free: a change numbered n+1 commits after change n.
 */
export async function compactCounts(
  pool: Pool,
  { maxChanges = 500, oldestBucket = -Infinity }: { maxChanges?: number; oldestBucket?: number } = {},
): Promise<CompactionStep> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    // The lock comes first, before any plain read: the reads below then see every change up to the head they read,
    // and no other compaction can fold the same changes meanwhile.
    const [compacted] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_compaction_head WHERE id = 1 FOR UPDATE');
    const from = Number(compacted[0]?.seq ?? 0);
    const [head] = await connection.query<mysql.RowDataPacket[]>('SELECT seq FROM count_change_head WHERE id = 1');
    const changes = await readChangesAfter(connection, from, maxChanges);
    if (changes === null) throw new Error(`the count change log lacks change ${from + 1}, which no compacted bucket holds`);
    const to = changes.at(-1)?.seq ?? from;
    let written = 0;
    if (to > from) {
      // Changes to buckets past the retention horizon are not folded: expiry removes those buckets, and a blob made
      // from a late change alone would hold a part of a total.
      const rows: CountRow[] = changes.flatMap((change) => change.rows).filter((row) => row.bucketStart >= oldestBucket);
      const stored = await readBuckets(connection, [...new Set(rows.map((row) => row.bucketStart))]);
      const totals = new Map<number, Map<string, number>>();
      foldChanges(totals, rows, (bucket) => stored.get(bucket) ?? new Map<string, number>());
      written = await writeBuckets(connection, totals);
      await connection.query('UPDATE count_compaction_head SET seq = ? WHERE id = 1', [to]);
    }
    await connection.commit();
    return { from, to, head: Math.max(Number(head[0]?.seq ?? 0), to), buckets: written };
  } catch (error) {
    await connection.rollback().catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

export interface CompactionLoopOptions {
  intervalMs: number;
  /** The retention horizon: older buckets are not folded. */
  oldestBucket: () => number;
  /** Called after every step, whether it folded anything or not. */
  onStep: (step: CompactionStep) => void;
  /** Called when a step fails; the loop tries again at the next interval. */
  onError: (error: unknown) => void;
}

/**
 * Compacts now and then, catching up in steps while the log runs ahead. `stop()` waits for a step in progress, so
 * the pool may be closed after it.
 */
export function startCompaction(pool: Pool, { intervalMs, oldestBucket, onStep, onError }: CompactionLoopOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | undefined;
  const run = async () => {
    for (;;) {
      const step = await compactCounts(pool, { oldestBucket: oldestBucket() });
      onStep(step);
      if (stopped || step.to === step.from || step.to >= step.head) return;
    }
  };
  const timer = setInterval(() => {
    // A tick that finds the previous run still going skips: the run catches up to the head by itself.
    running ??= run()
      .catch(onError)
      .finally(() => (running = undefined));
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
