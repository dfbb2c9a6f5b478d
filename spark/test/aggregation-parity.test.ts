import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateBatch, type BatchResult } from '@trendstream/processor/aggregate-batch';
import type { PartitionState, PendingMessage } from '@trendstream/processor/batch-types';
import type { RememberedPost } from '@trendstream/processor/post-memory';
import { REPO_ROOT } from '@trendstream/testkit/repo';

/**
 * The Spark engine counts a batch with BatchAggregator (Java), a port of the processor's aggregate-batch.ts.
 * Both are given the same generated batches (posts, edits, deletes and dead letters of a few identities over a
 * few partitions, already-applied offsets, late and future posts, boosts, followed hashtags, remembered posts of
 * every kind) and must return the same counts, memory, dead letters, partition states and statistics.
 */
const SPARK_DIR = path.join(REPO_ROOT, 'spark');

interface Batch {
  messages: PendingMessage[];
  states: Array<[number, PartitionState]>;
  memory: RememberedPost[];
  options: { bucketMs: number; horizonMs: number; now: number; followed: string[] };
}

function sparkAggregate(batches: readonly Batch[]): Promise<unknown[]> {
  const classpath = `${path.join(SPARK_DIR, 'target', 'classes')}:${readFileSync(path.join(SPARK_DIR, 'target', 'classpath.txt'), 'utf8').trim()}`;
  return new Promise((resolve, reject) => {
    const java = spawn('java', ['-cp', classpath, 'dev.trendstream.spark.counting.AggregateLines'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const outputs: unknown[] = [];
    createInterface({ input: java.stdout }).on('line', (line) => outputs.push(JSON.parse(line)));
    java.on('error', reject);
    java.on('close', (code) => (code === 0 ? resolve(outputs) : reject(new Error(`the Spark aggregation exited with ${code}`))));
    java.stdin.end(batches.map((batch) => JSON.stringify(batch)).join('\n') + '\n');
  });
}

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

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const IDENTITIES = Array.from({ length: 12 }, (_, i) => `${i.toString(16).padStart(2, '0')}${'ab'.repeat(15)}`);
const PARTITIONS = 3;
const partitionOf = (uriHash: string) => parseInt(uriHash.slice(0, 2), 16) % PARTITIONS;
const time = fc.integer({ min: NOW - 400_000, max: NOW + 30_000 });
const words = fc.uniqueArray(fc.constantFrom('kafka', 'coffee', 'tokyo', '東京', 'straße', '#kafka', '#rust'), { maxLength: 4 });
const hashtags = fc.uniqueArray(fc.constantFrom('kafka', 'rust', 'coffee'), { maxLength: 2 });
const language = fc.constantFrom(null, 'en', 'de', 'ja');

const countable = (uriHash: string) =>
  fc.record({
    uriHash: fc.constant(uriHash),
    createdAt: time,
    receivedAt: time,
    language,
    isBoost: fc.boolean(),
    hashtags,
    source: fc.constant('replay'),
    instance: fc.constant('example.social'),
    tokens: words,
  });

const step = fc
  .constantFrom(...IDENTITIES)
  .chain((uriHash) =>
    fc.oneof(
      { weight: 4, arbitrary: countable(uriHash).map((post) => ({ kind: 'post' as const, post })) },
      { weight: 2, arbitrary: countable(uriHash).map((post) => ({ kind: 'edit' as const, post })) },
      { weight: 2, arbitrary: time.map((receivedAt) => ({ kind: 'delete' as const, uriHash, receivedAt })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'dead' as const, code: 'BAD_BODY' as const, reason: 'damaged', key: null, value: null, uriHash }) },
    ),
  );

const batch: fc.Arbitrary<Batch> = fc
  .record({
    steps: fc.array(step, { maxLength: 40 }),
    startOffsets: fc.array(fc.nat({ max: 5 }), { minLength: PARTITIONS, maxLength: PARTITIONS }),
    stored: fc.array(
      fc.option(
        fc.record({
          nextOffset: fc.nat({ max: 8 }),
          maxEventTime: fc.option(time, { nil: null }),
          lastAdvanceAt: fc.option(time, { nil: null }),
          latePosts: fc.nat({ max: 3 }),
        }),
        { nil: undefined },
      ),
      { minLength: PARTITIONS, maxLength: PARTITIONS },
    ),
    memory: fc.uniqueArray(
      fc.record({
        uriHash: fc.constantFrom(...IDENTITIES),
        eventTime: time,
        kind: fc.constantFrom('counted' as const, 'boost' as const, 'deleted' as const, 'unremembered' as const),
        lang: fc.constantFrom('', 'en', 'de'),
        scopes: fc.constantFrom([''], ['', 'kafka'], [] as string[]),
        tokens: words,
      }),
      { selector: (entry) => entry.uriHash, maxLength: 6 },
    ),
    followed: fc.subarray(['kafka', 'rust', 'coffee']),
    horizonMs: fc.constantFrom(60_000, 300_000),
  })
  .map(({ steps, startOffsets, stored, memory, followed, horizonMs }) => {
    const next = [...startOffsets];
    const messages = steps.map((message): PendingMessage => {
      const uriHash = message.kind === 'post' || message.kind === 'edit' ? message.post.uriHash : message.uriHash;
      const partition = partitionOf(uriHash);
      const offset = next[partition]!++;
      if (message.kind === 'dead') return { kind: 'dead', partition, offset, code: message.code, reason: message.reason, key: null, value: null };
      return { ...message, partition, offset };
    });
    const states = stored.flatMap((state, partition) => (state ? [[partition, state] as [number, PartitionState]] : []));
    return { messages, states, memory, options: { bucketMs: 5_000, horizonMs, now: NOW, followed } };
  });

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
