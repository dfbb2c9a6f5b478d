import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateBatch, type BatchResult } from '@trendstream/processor/aggregate-batch';
import { batch, type Batch } from './support/batches.js';
import { runEngineLines, sortKeys } from './support/engine.js';

/**
 * The Spark engine counts a batch with BatchAggregator (Java), a port of the processor's aggregate-batch.ts.
 * Both are given the same generated batches (support/batches.ts: posts, edits, deletes and dead letters of a few
 * identities over a few partitions, already-applied offsets, late and future posts, boosts, followed hashtags,
 * remembered posts of every kind) and must return the same counts, memory, dead letters, partition states and
 * statistics.
 */
const sparkAggregate = (batches: readonly Batch[]) =>
  runEngineLines<unknown>(
    'dev.trendstream.spark.counting.AggregateLines',
    batches.map((input) => JSON.stringify(input)),
  );

function processorAggregate(batch: Batch): unknown {
  const followed = new Set(batch.options.followed);
  const result: BatchResult = aggregateBatch(batch.messages, new Map(batch.states), new Map(batch.memory.map((entry) => [entry.uriHash, entry])), {
    bucketMs: batch.options.bucketMs,
    horizonMs: batch.options.horizonMs,
    now: batch.options.now,
    scopesFor: (tags) => tags.filter((tag) => followed.has(tag)),
  });
  return {
    wordCounts: result.wordCounts,
    postCounts: result.postCounts,
    remembered: result.remembered,
    deadLetters: result.deadLetters.map((dead) => ({ partition: dead.partition, offset: dead.offset, code: dead.code })),
    states: [...result.states.entries()].sort(([a], [b]) => a - b),
    stats: result.stats,
  };
}

describe('the Spark engine counting a batch', () => {
  it('gives what the processor gives for 5,000 generated batches', async () => {
    const batches = fc.sample(batch, { numRuns: 5_000, seed: 20261207 });
    const spark = await sparkAggregate(batches);
    expect(spark).toHaveLength(batches.length);
    const differences = batches.flatMap((input, i) => {
      const processor = JSON.stringify(sortKeys(processorAggregate(input)));
      return processor === JSON.stringify(sortKeys(spark[i])) ? [] : [{ input, processor: JSON.parse(processor) as unknown, spark: spark[i] }];
    });
    expect(differences.slice(0, 3)).toEqual([]);
    // The batches exercise every path: something counted, deleted, edited, late, duplicated and already applied.
    const stats = batches.map((input) => (processorAggregate(input) as { stats: BatchResult['stats'] }).stats);
    for (const key of ['counted', 'late', 'duplicates', 'boosts', 'deleted', 'edited', 'unmatched', 'alreadyApplied'] as const) {
      expect(
        stats.some((entry) => entry[key] > 0),
        key,
      ).toBe(true);
    }
  });
});
