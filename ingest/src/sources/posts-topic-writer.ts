import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { PostsTopicCodec } from '@trendstream/contracts/posts-topic-codec';
import { postsTopicKey, type PostsTopicRecord } from '@trendstream/contracts/status-events';
import type { IngestMetrics } from '../metrics.js';
import { delay } from './abortable-delay.js';
import { Backoff } from './backoff.js';
import { BoundedQueue } from './bounded-queue.js';
import type { RecordOutput } from './post-sink.js';

export interface PostsTopicWriterOptions {
  /** An idempotent producer (see app.ts); connected and disconnected by the caller. */
  producer: Producer;
  topic: string;
  codec: PostsTopicCodec;
  capacity: number;
  batchSize?: number;
  metrics: IngestMetrics;
  logger: Logger;
}

/**
 * The bounded queue between the instances and Kafka, and the one loop that drains it in batches (kafkajs
 * sends one request per `send`). Posts, deletes and edits share one producer, so the records of one status
 * stay in order in their partition (key = URI). A failed batch is retried, not skipped; while Kafka is down
 * the queue fills and further records are dropped and counted (a WebSocket cannot be slowed down).
 */
export class PostsTopicWriter implements RecordOutput {
  private readonly queue: BoundedQueue<PostsTopicRecord>;
  private readonly giveUp = new AbortController();
  private pumping: Promise<void> | undefined;
  private dropped = 0;
  private lost = 0;
  private accepted = 0;
  private deliveredTotal = 0;
  /** Callers of delivered(), in ascending order of the count they wait for. */
  private readonly deliveryWaiters: Array<{ count: number; resolve: () => void }> = [];
  private failing: string | undefined;

  constructor(private readonly options: PostsTopicWriterOptions) {
    this.queue = new BoundedQueue(options.capacity);
    options.metrics.queueCapacity.set(options.capacity);
  }

  get size(): number {
    return this.queue.size;
  }

  get capacity(): number {
    return this.queue.capacity;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  /** Records accepted into the queue so far (a running count; see delivered()). */
  get acceptedCount(): number {
    return this.accepted;
  }

  /**
   * Resolves true once the first `count` accepted records are in Kafka (the queue is delivered in order), or
   * false when `signal` aborts first: records that are lost are never delivered.
   */
  delivered(count: number, signal: AbortSignal): Promise<boolean> {
    if (this.deliveredTotal >= count) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        count,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = (): void => {
        this.deliveryWaiters.splice(this.deliveryWaiters.indexOf(waiter), 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const at = this.deliveryWaiters.findIndex((other) => other.count > count);
      this.deliveryWaiters.splice(at === -1 ? this.deliveryWaiters.length : at, 0, waiter);
    });
  }

  /** The last send error while it has not been followed by a success. */
  get lastError(): string | undefined {
    return this.failing;
  }

  offer(record: PostsTopicRecord): boolean {
    const accepted = this.queue.offer(record);
    if (accepted) {
      this.accepted += 1;
      this.options.metrics.queueSize.set(this.queue.size);
      return true;
    }
    this.dropped += 1;
    this.options.metrics.queueDropped.inc();
    // One line for the first drop and then one per thousand, not one per record.
    if (this.dropped % 1000 === 1) {
      this.options.logger.warn(
        { dropped: this.dropped, capacity: this.queue.capacity },
        `the queue to Kafka is full (INGEST_QUEUE_CAPACITY=${this.queue.capacity}); dropping records`,
      );
    }
    return false;
  }

  start(): void {
    this.pumping ??= this.pump();
  }

  /**
   * Stops taking records and delivers what is queued. Resolves true when everything reached Kafka, false when
   * Kafka stayed unreachable past `timeoutMs` (the rest is lost and logged).
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.queue.close();
    const timer = setTimeout(() => this.giveUp.abort(), timeoutMs);
    try {
      await this.pumping;
    } finally {
      clearTimeout(timer);
    }
    if (this.lost > 0) this.options.logger.error({ lost: this.lost }, `${this.lost} records could not be written to Kafka before shutdown`);
    return this.lost === 0;
  }

  private async pump(): Promise<void> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
    for (;;) {
      const batch = await this.queue.take(this.options.batchSize ?? 500);
      if (batch.length === 0) return;
      this.options.metrics.queueSize.set(this.queue.size);
      while (!(await this.send(batch))) {
        if (this.giveUp.signal.aborted) {
          this.lost += batch.length + this.queue.size;
          return;
        }
        await delay(backoff.next(), this.giveUp.signal);
      }
      backoff.reset();
    }
  }

  private async send(batch: readonly PostsTopicRecord[]): Promise<boolean> {
    try {
      await this.options.producer.send({
        topic: this.options.topic,
        acks: -1,
        messages: batch.map((record) => ({ key: postsTopicKey(record), value: this.options.codec.encode(record) })),
      });
    } catch (error) {
      this.failing = (error as Error).message;
      this.options.metrics.produceErrors.inc();
      this.options.logger.error({ err: error, batch: batch.length }, `writing to ${this.options.topic} failed; retrying the batch`);
      return false;
    }
    this.failing = undefined;
    for (const record of batch) this.options.metrics.postsProduced.inc({ kind: record.kind });
    this.deliveredTotal += batch.length;
    while (this.deliveryWaiters.length > 0 && this.deliveryWaiters[0]!.count <= this.deliveredTotal) this.deliveryWaiters.shift()!.resolve();
    return true;
  }
}
