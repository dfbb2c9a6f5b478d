import type { ChannelKey } from './channel.js';
import { newerStatusId } from './status-id.js';

/**
 * The read position of each channel: the newest status id read there, where a gap fill or the next poll
 * starts, and what the checkpoint saves to `ingest.cursors`. It never moves past a status the output refused
 * (the bounded queue to Kafka was full): that status is not in Kafka, and a saved position past it would make
 * a restart skip it for good. Statuses dropped on purpose (duplicates, opt-outs, invalid ones) do move it.
 *
 * A refusal holds the channel's position where it was; later statuses are still tracked. The hold lifts when a
 * REST read of the channel that started after the last refusal (so from the held position: the next poll, or
 * the gap fill of the next reconnect) has been read through: it offered everything after the held position
 * again. Until then the checkpoint keeps saving the held position, so a restart re-reads from there (bounded by
 * MASTODON_GAP_FILL_MAX_PAGES) instead of skipping. A refused straggler older than the position (updates
 * arrive out of order) is covered by the margin every read starts with (MASTODON_GAP_FILL_MARGIN_MS).
 * Pure: no clock, no I/O.
 */
export class ReadPositions {
  private readonly positions = new Map<ChannelKey, string>();
  /** Newest id read and not refused, held position or not. */
  private readonly newest = new Map<ChannelKey, string>();
  /** Held channels, with the refusal count at their last refusal. */
  private readonly held = new Map<ChannelKey, number>();
  private refusals = 0;

  get(key: ChannelKey): string | undefined {
    return this.positions.get(key);
  }

  isHeld(key: ChannelKey): boolean {
    return this.held.has(key);
  }

  /** A position saved by a previous run; one already moved wins. */
  resume(key: ChannelKey, id: string): void {
    if (this.positions.has(key)) return;
    this.positions.set(key, id);
    this.newest.set(key, id);
  }

  /** Forgets a channel (a hashtag no longer followed). */
  delete(key: ChannelKey): void {
    this.positions.delete(key);
    this.newest.delete(key);
    this.held.delete(key);
  }

  /** A status of the channel was read; `refused` when the output did not take its record. */
  read(key: ChannelKey, id: string, refused: boolean): void {
    if (refused) {
      this.refusals += 1;
      this.held.set(key, this.refusals);
      return;
    }
    const newest = newerStatusId(this.newest.get(key), id);
    this.newest.set(key, newest);
    if (!this.held.has(key)) this.positions.set(key, newest);
  }

  /** Marks the start of a REST read (take it when the read's starting position is taken); see readThrough(). */
  readStarted(): number {
    return this.refusals;
  }

  /** A REST read of the channel that started at `started` (from readStarted()) was read through. */
  readThrough(key: ChannelKey, started: number): void {
    const heldAt = this.held.get(key);
    if (heldAt === undefined || heldAt > started) return;
    this.held.delete(key);
    const newest = this.newest.get(key);
    if (newest !== undefined) this.positions.set(key, newest);
  }
}
