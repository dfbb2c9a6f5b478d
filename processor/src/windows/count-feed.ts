import type { Logger } from '@trendstream/runtime/logger';
import type { CountRow } from '../counting/batch-types.js';
import { loadCountSnapshot, readChangesAfter } from '../db/change-log.js';
import type { Pool } from '../db/database.js';

/** What the feed keeps current: anything that takes signed count changes. */
export interface CountSink {
  apply(rows: Iterable<CountRow>): void;
}

export interface CountFeedOptions<S extends CountSink> {
  /** A new, empty sink: at start, and when the feed fell behind the change log and must reload. */
  create: () => S;
  /** The oldest bucket worth loading (the retention horizon). */
  oldestBucket: () => number;
  logger: Logger;
}

const CHANGES_PER_READ = 200;

/**
 * Keeps an in-memory copy of the counts equal to MySQL: a consistent snapshot at start, then the change log in
 * sequence order (every processor's commits, not only this one's). `catchUp()` reads up to the latest commit
 * (one small query when nothing is new), so an answer computed after it reflects everything committed before
 * the request: the same read-your-writes the SQL queries gave.
 */
export class CountFeed<S extends CountSink> {
  private current: S | undefined;
  private seq = 0;
  private reloadCount = 0;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly options: CountFeedOptions<S>,
  ) {}

  /** The sink, once loaded. */
  get sink(): S {
    if (!this.current) throw new Error('the count feed has not loaded yet: call start() first');
    return this.current;
  }

  /** Snapshots loaded so far (1 after start; more when the feed fell behind the log). */
  get reloads(): number {
    return this.reloadCount;
  }

  start(): Promise<void> {
    return this.catchUp();
  }

  /**
   * Applies every change committed before the call. Callers that arrive while a round runs share the next
   * round (which starts after they arrived), so a burst of requests costs two rounds, not one each.
   */
  catchUp(): Promise<void> {
    if (!this.running) {
      this.running = this.round().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        return this.catchUp();
      });
    return this.next;
  }

  private async round(): Promise<void> {
    if (!this.current) await this.reload();
    for (;;) {
      const changes = await readChangesAfter(this.pool, this.seq, CHANGES_PER_READ);
      if (changes === null) {
        this.options.logger.warn({ appliedSeq: this.seq }, 'the count change log moved past this processor; reloading the counts from MySQL');
        await this.reload();
        continue;
      }
      for (const change of changes) {
        this.sink.apply(change.rows);
        this.seq = change.seq;
      }
      if (changes.length < CHANGES_PER_READ) return;
    }
  }

  private async reload(): Promise<void> {
    const startedAt = Date.now();
    const snapshot = await loadCountSnapshot(this.pool, this.options.oldestBucket());
    const sink = this.options.create();
    sink.apply(snapshot.rows);
    this.current = sink;
    this.seq = snapshot.seq;
    this.reloadCount += 1;
    this.options.logger.info({ rows: snapshot.rows.length, seq: snapshot.seq, ms: Date.now() - startedAt }, 'loaded the counts into memory');
  }
}
