import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { cursorRecordKey, type StoredCursor } from './cursor-records.js';
import type { LiveSource } from './live-source.js';

export type CursorSource = Pick<LiveSource, 'name' | 'cursorSnapshot'>;

export interface DeliveryTracker {
  /** Records accepted so far (a running count). */
  readonly acceptedCount: number;
  /** True once the first `count` accepted records are in Kafka; false if `signal` aborts first. */
  delivered(count: number, signal: AbortSignal): Promise<boolean>;
}

export interface CursorCheckpointerOptions {
  producer: Producer;
  topic: string;
  sources: readonly CursorSource[];
  delivery: DeliveryTracker;
  intervalMs: number;
  now: () => number;
  logger: Logger;
}

/**
 * Publishes the sources' cursors to `ingest.cursors`, but only cursors whose posts have reached Kafka: it
 * takes the cursors and the count of records accepted in one synchronous step (a status moves its channel's
 * cursor and is handed to the queue in the same call), waits until that many records are delivered, then
 * writes the changed cursors. A crash therefore makes a restart re-read a little, never skip.
 */
export class CursorCheckpointer {
  private readonly published = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: CursorCheckpointerOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      // One checkpoint at a time: while Kafka is down a checkpoint waits for its delivery, and ticks pass.
      this.running ??= this.checkpoint().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  /** Stops the timer; with `final`, writes one last checkpoint (call it once the queue has been delivered). */
  async stop(final: boolean): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
    if (final) await this.write(this.take().cursors);
  }

  private take(): { cursors: Map<string, string>; accepted: number } {
    const cursors = new Map<string, string>();
    for (const source of this.options.sources) {
      for (const [channel, id] of source.cursorSnapshot()) cursors.set(cursorRecordKey(source.name, channel), id);
    }
    return { cursors, accepted: this.options.delivery.acceptedCount };
  }

  private async checkpoint(): Promise<void> {
    const { cursors, accepted } = this.take();
    if (await this.options.delivery.delivered(accepted, this.stopping.signal)) await this.write(cursors);
  }

  private async write(cursors: ReadonlyMap<string, string>): Promise<void> {
    const savedAt = this.options.now();
    const changed = [...cursors].filter(([key, id]) => this.published.get(key) !== id);
    if (changed.length === 0) return;
    try {
      await this.options.producer.send({
        topic: this.options.topic,
        messages: changed.map(([key, id]) => ({ key, value: JSON.stringify({ id, savedAt } satisfies StoredCursor) })),
      });
      for (const [key, id] of changed) this.published.set(key, id);
    } catch (error) {
      // The next checkpoint tries again; until then a restart re-reads a little more.
      this.options.logger.warn({ err: error }, `could not save the read positions to ${this.options.topic}`);
    }
  }
}
