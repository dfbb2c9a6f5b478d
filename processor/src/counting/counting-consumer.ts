import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from '@trendstream/runtime/logger';
import type { Pool } from '../db/database.js';
import { applyBatchTransaction, rewindOffsetPastEnd, storedPartitionStates } from '../db/count-store.js';
import type { Metrics } from '../observability/metrics.js';
import { aggregateBatch, type BatchResult } from './aggregate-batch.js';
import type { PendingMessage } from './batch-types.js';
import { Serial } from './serial.js';
import { toPendingMessage, type RecordDecoder } from './to-pending.js';

export interface CountingOptions {
  topic: string;
  deadLetterTopic: string;
  group: string;
  bucketMs: number;
  allowedLatenessMs: number;
  flushMaxPosts: number;
  flushIntervalMs: number;
  sessionTimeoutMs: number;
}

export interface CountingDeps {
  kafka: Kafka;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  decode: RecordDecoder;
  deadLetterProducer: Producer;
  /** Followed hashtags a post is also counted under (its `tag` scope). */
  scopesFor: (hashtags: readonly string[]) => readonly string[];
  /** Told the source of the newest post of each committed batch (the health endpoint's replay flag). */
  onSource: (source: string) => void;
  /** Told after every committed batch (the live view recomputes from MySQL). */
  onCommitted: (result: BatchResult, committedAt: number) => void;
  now: () => number;
}

const RETRIABLE_SQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_FLUSH_ATTEMPTS = 5;

/**
 * Reads `posts` in a consumer group and counts them exactly once: messages are decoded and tokenized as they
 * arrive, buffered (bounded by flushMaxPosts, which also bounds memory: the consumer awaits the flush), and
 * applied in one MySQL transaction per flush together with the partition offsets. MySQL is the source of
 * truth for offsets; Kafka's committed offsets are only a hint for tools.
 */
export class CountingConsumer {
  private readonly consumer: Consumer;
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
        await this.applyWithRetry(messages);
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

  private async applyWithRetry(messages: PendingMessage[]): Promise<void> {
    const partitions = [...new Set(messages.map((message) => message.partition))];
    const hashes = [...new Set(messages.flatMap((message) => (message.kind === 'post' ? [message.post.uriHash] : [])))];
    await this.copyDeadLetters(messages);
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.deps.now();
      try {
        const result = await applyBatchTransaction(
          this.deps.pool,
          { group: this.options.group, topic: this.options.topic },
          partitions,
          hashes,
          (states, seen) =>
            aggregateBatch(messages, states, seen, {
              bucketMs: this.options.bucketMs,
              allowedLatenessMs: this.options.allowedLatenessMs,
              scopesFor: this.deps.scopesFor,
              now: startedAt,
            }),
          startedAt,
        );
        const committedAt = this.deps.now();
        this.record(messages, result, (committedAt - startedAt) / 1000);
        this.deps.onCommitted(result, committedAt);
        await this.commitKafkaHint(result);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRIABLE_SQL.has(code) || attempt >= MAX_FLUSH_ATTEMPTS) throw error;
        this.deps.logger.warn({ code, attempt }, 'counting transaction conflicted; retrying');
      }
    }
  }

  /** Dead letters go to the DLQ topic before the transaction that moves past them: at least once, never lost. */
  private async copyDeadLetters(messages: readonly PendingMessage[]): Promise<void> {
    const dead = messages.filter((message) => message.kind === 'dead');
    if (dead.length === 0) return;
    await this.deps.deadLetterProducer.send({
      topic: this.options.deadLetterTopic,
      messages: dead.map((message) => ({
        key: message.key,
        value: message.value,
        headers: {
          'trendstream-source': `${this.options.topic}/${message.partition}/${message.offset}`,
          'trendstream-error': `${message.code}: ${message.reason}`,
        },
      })),
    });
    for (const message of dead) {
      this.deps.logger.warn(
        { partition: message.partition, offset: message.offset, code: message.code, reason: message.reason },
        'message could not be decoded; sent to the dead-letter topic',
      );
    }
  }

  private record(messages: readonly PendingMessage[], result: BatchResult, seconds: number): void {
    const { metrics } = this.deps;
    const perOrigin = new Map<string, { source: string; instance: string; posts: number }>();
    let lastSource: string | undefined;
    for (const message of messages) {
      if (message.kind !== 'post') continue;
      const key = `${message.post.source} ${message.post.instance}`;
      const entry = perOrigin.get(key) ?? { source: message.post.source, instance: message.post.instance, posts: 0 };
      entry.posts += 1;
      perOrigin.set(key, entry);
      lastSource = message.post.source;
    }
    for (const { source, instance, posts } of perOrigin.values()) metrics.postsIn.inc({ source, instance }, posts);
    if (lastSource) this.deps.onSource(lastSource);
    metrics.postsCounted.inc(result.stats.counted);
    metrics.latePosts.inc(result.stats.late);
    metrics.duplicatePosts.inc(result.stats.duplicates);
    metrics.boosts.inc(result.stats.boosts);
    metrics.deadLetters.inc(result.deadLetters.length);
    metrics.flushDuration.observe(seconds);
    metrics.flushRows.observe(result.wordCounts.length + result.postCounts.length + result.newlySeen.length);
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
      const available = await admin.fetchTopicOffsets(this.options.topic);
      // Messages buffered for these partitions before the join are fetched again from the stored offset.
      this.pending = this.pending.filter((message) => !partitions.includes(message.partition));
      const resumeAt: Record<number, number | 'earliest'> = {};
      for (const partition of partitions) {
        const range = available.find((entry) => entry.partition === partition);
        const low = Number(range?.low ?? 0);
        const high = Number(range?.high ?? 0);
        let next = stored.get(partition)?.nextOffset;
        if (next !== undefined && next > high && (await rewindOffsetPastEnd(this.deps.pool, key, partition, high, low))) {
          this.deps.logger.warn(
            { partition, storedOffset: next, endOffset: high },
            `the offset stored in MySQL for ${this.options.topic} partition ${partition} is past the end of the partition: the topic was created again or the broker's data was wiped; counting the partition from its start`,
          );
          next = low;
        }
        this.consumer.seek({ topic: this.options.topic, partition, offset: String(next === undefined || next < low ? low : next) });
        resumeAt[partition] = next ?? 'earliest';
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
