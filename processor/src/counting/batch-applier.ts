import type { Producer } from 'kafkajs';
import type { Logger } from '@trendstream/runtime/logger';
import { applyBatchTransaction, type OffsetKey } from '../db/count-store.js';
import type { Pool } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import { aggregateBatch, type BatchResult } from './aggregate-batch.js';
import { summarizeBatch } from './batch-summary.js';
import type { PendingMessage } from './batch-types.js';
import { copyDeadLetters } from './dead-letters.js';

export interface BatchApplierDeps {
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  deadLetterProducer: Producer;
  /** Followed hashtags a post is also counted under (its `tag` scope). */
  scopesFor: (hashtags: readonly string[]) => readonly string[];
  /** Told the source of the newest post of each committed batch (the health endpoint's replay flag). */
  onSource: (source: string) => void;
  /** Told after every committed batch (the live view recomputes from MySQL). */
  onCommitted: (result: BatchResult, committedAt: number) => void;
  now: () => number;
}

export interface BatchApplierOptions {
  offsets: OffsetKey;
  deadLetterTopic: string;
  bucketMs: number;
  /** Posts older than their partition's newest by more than this are late: the retention horizon. */
  horizonMs: number;
}

const RETRIABLE_SQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

/**
 * Applies one buffered batch: dead letters to their topic, then the counting transaction (re-run whole on a
 * deadlock or lock timeout, since the aggregation is pure), then metrics and listeners. Throws when the batch
 * was not applied, so the caller keeps its messages.
 */
export class BatchApplier {
  constructor(
    private readonly deps: BatchApplierDeps,
    private readonly options: BatchApplierOptions,
  ) {}

  async apply(messages: readonly PendingMessage[]): Promise<BatchResult> {
    const partitions = [...new Set(messages.map((message) => message.partition))];
    const identities = [...new Set(messages.flatMap(identityOf))];
    await copyDeadLetters(
      this.deps.deadLetterProducer,
      { source: this.options.offsets.topic, deadLetter: this.options.deadLetterTopic },
      messages,
      this.deps.logger,
    );
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.deps.now();
      try {
        const result = await applyBatchTransaction(
          this.deps.pool,
          this.options.offsets,
          partitions,
          identities,
          (states, memory) =>
            aggregateBatch(messages, states, memory, {
              bucketMs: this.options.bucketMs,
              horizonMs: this.options.horizonMs,
              scopesFor: this.deps.scopesFor,
              now: startedAt,
            }),
          startedAt,
        );
        const committedAt = this.deps.now();
        this.record(messages, result, (committedAt - startedAt) / 1000);
        this.deps.onCommitted(result, committedAt);
        return result;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRIABLE_SQL.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        this.deps.logger.warn({ code, attempt }, 'counting transaction conflicted; retrying');
      }
    }
  }

  private record(messages: readonly PendingMessage[], result: BatchResult, seconds: number): void {
    const { metrics } = this.deps;
    const summary = summarizeBatch(messages, result);
    for (const { source, instance, posts } of summary.perOrigin) metrics.postsIn.inc({ source, instance }, posts);
    if (summary.lastSource) this.deps.onSource(summary.lastSource);
    metrics.postsCounted.inc(result.stats.counted);
    metrics.latePosts.inc(result.stats.late);
    metrics.duplicatePosts.inc(result.stats.duplicates);
    metrics.boosts.inc(result.stats.boosts);
    metrics.deletesApplied.inc(result.stats.deleted);
    metrics.editsApplied.inc(result.stats.edited);
    metrics.deadLetters.inc(result.deadLetters.length);
    metrics.flushDuration.observe(seconds);
    metrics.flushRows.observe(summary.rowsWritten);
  }
}

/** The identity whose memory a message needs: its post's, for posts, edits and deletes alike. */
function identityOf(message: PendingMessage): string[] {
  switch (message.kind) {
    case 'post':
    case 'edit':
      return [message.post.uriHash];
    case 'delete':
      return [message.uriHash];
    case 'dead':
      return [];
  }
}
