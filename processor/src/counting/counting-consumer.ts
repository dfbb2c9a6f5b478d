import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { fetchTopicOffsetsWhenReady } from '@trendstream/runtime/kafka-topics';
import { rewindOffsetPastEnd, storedPartitionStates } from '../db/count-store.js';
import type { BatchResult } from './aggregate-batch.js';
import { BatchApplier, type BatchApplierDeps } from './batch-applier.js';
import type { PendingMessage } from './batch-types.js';
import { resumePoint } from './resume-offsets.js';
import { Serial } from './serial.js';
import { toPendingMessage, type RecordDecoder } from './to-pending.js';

export interface CountingOptions {
  topic: string;
  deadLetterTopic: string;
  group: string;
  bucketMs: number;
  /** Posts older than their partition's newest by more than this are late: the retention horizon. */
  horizonMs: number;
  flushMaxPosts: number;
  flushIntervalMs: number;
  sessionTimeoutMs: number;
}

export interface CountingDeps extends BatchApplierDeps {
  kafka: Kafka;
  decode: RecordDecoder;
}

/**
 * Reads `posts` in a consumer group and counts them exactly once: messages are decoded and tokenized as they
 * arrive, buffered (bounded by flushMaxPosts, which also bounds memory: the consumer awaits the flush), and
 * applied in one MySQL transaction per flush together with the partition offsets. MySQL is the source of
 * truth for offsets; Kafka's committed offsets are only a hint for tools.
 */
export class CountingConsumer {
  private readonly consumer: Consumer;
  private readonly applier: BatchApplier;
  private readonly serial = new Serial();
  private pending: PendingMessage[] = [];
  private pendingSince = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** After a failed flush the next one runs in the foreground, so its error reaches kafkajs, which backs off. */
  private lastFlushFailed = false;
  private failure: Error | undefined;

  constructor(
    private readonly deps: CountingDeps,
    private readonly options: CountingOptions,
  ) {
    this.consumer = deps.kafka.consumer({
      groupId: options.group,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxWaitTimeInMs: 200,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(options.sessionTimeoutMs / 3)),
    });
    this.applier = new BatchApplier(deps, {
      offsets: { group: options.group, topic: options.topic },
      deadLetterTopic: options.deadLetterTopic,
      bucketMs: options.bucketMs,
      horizonMs: options.horizonMs,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const partitions = event.payload.memberAssignment[this.options.topic] ?? [];
      this.seekToStoredOffsets(partitions).catch((error: unknown) => this.fail(error));
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.fail(event.payload.error);
    });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.idleTimer = setInterval(
      () => {
        if (this.pending.length > 0 && this.deps.now() - this.pendingSince >= this.options.flushIntervalMs) {
          this.flush().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'flush failed; will retry'));
        }
      },
      Math.max(50, Math.floor(this.options.flushIntervalMs / 2)),
    );
  }

  /** Set when counting stopped for good; the health endpoint reports it and main exits non-zero. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Stops fetching, applies what is buffered, and leaves the group. */
  async stop(): Promise<void> {
    clearInterval(this.idleTimer);
    await this.consumer.stop();
    if (!this.failure) await this.flush();
    await this.consumer.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      if (this.pending.length === 0) this.pendingSince = this.deps.now();
      this.pending.push(toPendingMessage(batch.partition, Number(message.offset), message.key, message.value, this.deps.decode));
      if (this.pending.length >= this.options.flushMaxPosts) {
        await this.flushInBackground();
        await heartbeat();
      }
    }
    if (this.pending.length > 0 && this.deps.now() - this.pendingSince >= this.options.flushIntervalMs) await this.flushInBackground();
    await heartbeat();
  }

  /**
   * Starts a flush without waiting for it, so decoding and tokenizing the next messages overlaps the MySQL
   * round trips. At most one flush runs and one buffer fills meanwhile: when the buffer is full again, this
   * waits for the running flush (backpressure), and a failed flush is retried here in the foreground so that
   * the error reaches kafkajs, which backs off.
   */
  private async flushInBackground(): Promise<void> {
    // Backpressure: never more than one flush running while the next buffer fills.
    await this.inFlight?.catch(() => {});
    if (this.lastFlushFailed || this.pending.length >= this.options.flushMaxPosts * 2) {
      await this.flush();
      return;
    }
    const flush = this.flush();
    this.inFlight = flush;
    flush.then(
      () => {
        if (this.inFlight === flush) this.inFlight = undefined;
      },
      (error: unknown) => {
        if (this.inFlight === flush) this.inFlight = undefined;
        this.deps.logger.warn({ err: error }, 'flush failed; will retry');
      },
    );
  }

  flush(): Promise<void> {
    return this.serial.run(async () => {
      if (this.pending.length === 0) return;
      const messages = this.pending;
      this.pending = [];
      try {
        const result = await this.applier.apply(messages);
        await this.commitKafkaHint(result);
        this.lastFlushFailed = false;
      } catch (error) {
        // Nothing of the batch was applied: keep it, in order, for the next attempt, so nothing is skipped.
        this.pending = messages.concat(this.pending);
        this.lastFlushFailed = true;
        this.deps.metrics.flushFailures.inc();
        throw error;
      }
    });
  }

  private async commitKafkaHint(result: BatchResult): Promise<void> {
    const offsets = [...result.states.entries()].map(([partition, state]) => ({
      topic: this.options.topic,
      partition,
      offset: String(state.nextOffset),
    }));
    // After a rebalance we may no longer own a partition; MySQL already holds the truth, so this may fail.
    await this.consumer.commitOffsets(offsets).catch((error: unknown) => {
      this.deps.logger.debug({ err: error }, 'could not commit the Kafka offset hint');
    });
  }

  private async seekToStoredOffsets(partitions: readonly number[]): Promise<void> {
    const key = { group: this.options.group, topic: this.options.topic };
    const stored = await storedPartitionStates(this.deps.pool, key);
    const admin = this.deps.kafka.admin();
    await admin.connect();
    try {
      const available = await fetchTopicOffsetsWhenReady(admin, this.options.topic);
      // Messages buffered for these partitions before the join are fetched again from the stored offset.
      this.pending = this.pending.filter((message) => !partitions.includes(message.partition));
      const resumeAt: Record<number, number | 'earliest'> = {};
      for (const partition of partitions) {
        const range = available.find((entry) => entry.partition === partition);
        const point = resumePoint(partition, stored.get(partition)?.nextOffset, { low: Number(range?.low ?? 0), high: Number(range?.high ?? 0) });
        if (point.pastEnd && (await rewindOffsetPastEnd(this.deps.pool, key, partition, Number(range?.high ?? 0), point.offset))) {
          this.deps.logger.warn(
            { partition, storedOffset: point.stored, endOffset: Number(range?.high ?? 0) },
            `the offset stored in MySQL for ${this.options.topic} partition ${partition} is past the end of the partition: the topic was created again or the broker's data was wiped; counting the partition from its start`,
          );
        }
        this.consumer.seek({ topic: this.options.topic, partition, offset: String(point.offset) });
        resumeAt[partition] = point.stored === undefined || point.pastEnd ? 'earliest' : point.offset;
      }
      this.deps.logger.info({ partitions, offsets: resumeAt }, 'resuming from offsets stored in MySQL');
    } finally {
      await admin.disconnect();
    }
  }

  private fail(error: unknown): void {
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.deps.logger.error({ err: this.failure }, 'counting stopped');
  }
}
