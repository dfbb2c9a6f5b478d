import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@trendstream/runtime/logger';
import { aggregateBatch } from '@trendstream/processor/aggregate-batch';
import { decodeChanges } from '@trendstream/processor/change-log';
import { applyBatchTransaction } from '@trendstream/processor/count-store';
import { createPool, prepareDatabase } from '@trendstream/processor/database';
import type { PendingMessage } from '@trendstream/processor/batch-types';
import { dropDatabase, testDatabase } from '@trendstream/testkit/mysql';
import { NOW, PARTITIONS, placeMessages, step } from './support/batches.js';
import { runEngineLines, sortKeys } from './support/engine.js';

/**
 * The Spark engine writes a batch with CountStore (Java, JDBC), the processor with count-store.ts: the same
 * sequences of batches, applied by each engine to a database of its own (real MariaDB, migrated by the processor),
 * must leave the same rows in every table the serving side reads: post counts, post memory, dead letters,
 * partition offsets and the count change log. Each sequence replays some batches, which must change nothing.
 */
const KEY = { group: 'trendstream-parity', topic: 'posts' };
const logger = createLogger('test', 'silent');
const databases: string[] = [];

afterAll(async () => {
  for (const name of databases) await dropDatabase(name);
});

interface StoredBatch {
  messages: PendingMessage[];
  options: { bucketMs: number; horizonMs: number; now: number; followed: string[] };
}

/** Batches cut from generated steps, one minute apart, with every third batch applied a second time. */
const sequence = fc
  .record({ steps: fc.array(step, { minLength: 20, maxLength: 150 }), cuts: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 30, maxLength: 30 }) })
  .map(({ steps, cuts }) => {
    const messages = placeMessages(steps, new Array<number>(PARTITIONS).fill(0));
    const batches: StoredBatch[] = [];
    let start = 0;
    for (let i = 0; start < messages.length; i++) {
      const end = Math.min(messages.length, start + cuts[i % cuts.length]!);
      const options = { bucketMs: 5_000, horizonMs: 300_000, now: NOW + i * 60_000, followed: ['kafka'] };
      batches.push({ messages: messages.slice(start, end), options });
      if (i % 3 === 2) batches.push({ messages: messages.slice(start, end), options: { ...options, now: options.now + 1_000 } });
      start = end;
    }
    return batches;
  });

async function migratedDatabase(base: string): Promise<string> {
  const database = testDatabase(base);
  databases.push(database.name);
  const pool = createPool(database.url);
  try {
    await prepareDatabase(database.url, pool, logger);
  } finally {
    await pool.end();
  }
  return database.url;
}

async function applyWithProcessor(url: string, batches: readonly StoredBatch[]): Promise<void> {
  const pool = createPool(url);
  try {
    for (const { messages, options } of batches) {
      const followed = new Set(options.followed);
      const partitions = [...new Set(messages.map((message) => message.partition))];
      const identities = [
        ...new Set(messages.flatMap((message) => (message.kind === 'dead' ? [] : [message.kind === 'delete' ? message.uriHash : message.post.uriHash]))),
      ];
      await applyBatchTransaction(
        pool,
        KEY,
        partitions,
        identities,
        (states, memory) => aggregateBatch(messages, states, memory, { ...options, scopesFor: (tags) => tags.filter((tag) => followed.has(tag)) }),
        options.now,
      );
    }
  } finally {
    await pool.end();
  }
}

/** Every row the serving side reads, in one order; change-log blobs decoded. */
async function storedRows(url: string): Promise<unknown> {
  const connection = await mysql.createConnection({ uri: url, supportBigNumbers: true, bigNumberStrings: false });
  try {
    const rows = async (sql: string) => (await connection.query<mysql.RowDataPacket[]>(sql))[0].map((row) => ({ ...row }));
    return sortKeys({
      postCounts: await rows('SELECT bucket_start, scope, lang, posts FROM post_counts ORDER BY bucket_start, scope, lang'),
      countedPosts: (await rows('SELECT HEX(uri_hash) AS uri_hash, created_at, kind, lang, scopes, tokens FROM counted_posts ORDER BY uri_hash')).map(
        (row) => ({ ...row, scopes: JSON.parse(String(row.scopes)) as unknown, tokens: JSON.parse(String(row.tokens)) as unknown }),
      ),
      deadLetters: await rows(
        'SELECT topic, partition_id, kafka_offset, error_code, reason, recorded_at FROM dead_letters ORDER BY partition_id, kafka_offset',
      ),
      offsets: await rows(
        'SELECT consumer_group, topic, partition_id, next_offset, max_event_time, last_advance_at, late_posts, updated_at FROM partition_offsets ORDER BY partition_id',
      ),
      changes: (await rows('SELECT seq, format, committed_at, changes FROM count_changes ORDER BY seq')).map((row) => ({
        ...row,
        changes: decodeChanges(row.changes as Buffer),
      })),
      head: await rows('SELECT seq FROM count_change_head'),
    });
  } finally {
    await connection.end();
  }
}

describe('the Spark engine writing a batch', () => {
  it('leaves the same rows as the processor, batch after batch, replayed batches changing nothing', async () => {
    const sequences = fc.sample(sequence, { numRuns: 12, seed: 20261207 });
    for (const [index, batches] of sequences.entries()) {
      const [sparkUrl, processorUrl] = [await migratedDatabase(`spark_store_${index}`), await migratedDatabase(`proc_store_${index}`)];
      await runEngineLines(
        'dev.trendstream.spark.counting.ApplyBatchLines',
        batches.map((input) => JSON.stringify(input)),
        [sparkUrl, KEY.group, KEY.topic],
      );
      await applyWithProcessor(processorUrl, batches);
      const [spark, processor] = [await storedRows(sparkUrl), await storedRows(processorUrl)];
      expect(spark, `sequence ${index}`).toEqual(processor);
      expect((processor as { changes: unknown[] }).changes.length, `sequence ${index} logs changes`).toBeGreaterThan(0);
    }
  });
});
