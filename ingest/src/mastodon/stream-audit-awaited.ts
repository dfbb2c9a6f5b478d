import { pastGrace } from './stream-audit.js';

/** Statuses followed at most per session: far more than one audit round finds young on a busy timeline. */
export const AWAITED_CAPACITY = 1_000;

/**
 * The statuses an audit produced while they were younger than the grace period, until the stream delivers them
 * or they are past it. Once the audit has produced a status, the stream's copy is a duplicate the sink drops, so
 * only this list can still tell whether the stream delivered it: a status it never delivers is held against
 * the stream at the first audit round past the grace period (stream-audit.ts). Pure: time is passed in.
 * Bounded: one session's (the intake forgets them when a new one starts), at most `capacity` at once; a young
 * status found when the list is full is not followed (that round's audit has plenty to judge by already).
 */
export class AwaitedStatuses {
  /** Status id -> its created_at (ms). */
  private readonly awaited = new Map<string, number>();

  constructor(private readonly capacity = AWAITED_CAPACITY) {}

  get size(): number {
    return this.awaited.size;
  }

  /** An audit produced this status before the stream delivered it, while young: wait for the stream's copy. */
  follow(id: string, createdAt: number): void {
    if (this.awaited.size < this.capacity) this.awaited.set(id, createdAt);
  }

  /** The stream delivered this status: nothing to hold against it. */
  delivered(id: string): void {
    this.awaited.delete(id);
  }

  /** How many awaited statuses are past the grace period at `at`: each is counted once, then forgotten. */
  takeOverdue(at: number, graceMs: number): number {
    let overdue = 0;
    for (const [id, createdAt] of this.awaited) {
      if (!pastGrace(createdAt, at, graceMs)) continue;
      this.awaited.delete(id);
      overdue += 1;
    }
    return overdue;
  }

  clear(): void {
    this.awaited.clear();
  }
}
