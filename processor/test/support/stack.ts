import { gunzipSync } from 'node:zlib';
import { Partitioners } from 'kafkajs';
import mysql from 'mysql2/promise';
import { topicNames } from '@trendstream/contracts/topics';
import { createLogger } from '@trendstream/runtime/logger';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { mysqlServerUrl, testDatabase } from '@trendstream/testkit/mysql';
import { buildProcessor, type Processor, type ProcessorOptions } from '../../src/app.js';
import { loadProcessorConfig } from '../../src/config.js';

/** One processor's world in a test: its own topic prefix and database, and the environment naming them. */
export interface TestStack {
  prefix: string;
  database: string;
  env: Record<string, string>;
}

export function testStack(overrides: Record<string, string> = {}): TestStack {
  const prefix = uniqueTopicPrefix('t');
  const database = testDatabase('ts_test');
  return {
    prefix,
    database: database.name,
    env: {
      KAFKA_BROKERS: overrides.KAFKA_BROKERS ?? kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix,
      MYSQL_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      FLUSH_INTERVAL_MS: '100',
      DELTA_INTERVAL_MS: '100',
      ...overrides,
    },
  };
}

/** What a test may hand the processor besides its stack: a clock to drive, a latency observer. */
export type TestProcessorOptions = Pick<ProcessorOptions, 'now' | 'onLatency'>;

/** Builds a processor for the stack without starting it (start() connects and migrates). */
export function buildTestProcessor(stack: TestStack, options: TestProcessorOptions = {}): Processor {
  const config = loadProcessorConfig(stack.env);
  return buildProcessor({ config, logger: createLogger('processor-test', config.LOG_LEVEL), webDist: undefined, ...options });
}

export async function startProcessor(stack: TestStack, options: TestProcessorOptions = {}): Promise<{ processor: Processor; url: string }> {
  const processor = buildTestProcessor(stack, options);
  const url = await processor.start();
  return { processor, url };
}

/** Produces to the stack's posts topic in batches of 500. */
export async function produce(prefix: string, messages: Array<{ key: string; value: Buffer }>): Promise<void> {
  const producer = testKafka('processor-test').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 500) {
    await producer.send({ topic: topicNames(prefix).posts, messages: messages.slice(i, i + 500) });
  }
  await producer.disconnect();
}

/** A database on the test server by name, or on another server by its full `mysql://…/name` URL. */
function databaseUri(database: string): string {
  return database.includes('://') ? database : `${mysqlServerUrl()}/${database}`;
}

export async function query<T = mysql.RowDataPacket>(database: string, sql: string, args: unknown[] = []): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: databaseUri(database) });
  try {
    const [rows] = await connection.query(sql, args);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

export interface StoredCount {
  scope: string;
  lang: string;
  bucketStart: number;
  word: string;
  count: number;
}

/**
 * Every stored count, read as its own decoder would (not through the processor's code): each bucket's compacted
 * blob (gzip JSON `[[scope, lang, word, count], …]`) plus the logged changes after the compaction head (gzip JSON
 * `[[scope, lang, bucketStart, word, change], …]`). Totals that came back to 0 are left out.
 */
export async function storedCountRows(database: string): Promise<StoredCount[]> {
  const totals = new Map<string, StoredCount>();
  const add = (scope: string, lang: string, bucketStart: number, word: string, count: number) => {
    const key = JSON.stringify([scope, lang, bucketStart, word]);
    const entry = totals.get(key) ?? { scope, lang, bucketStart, word, count: 0 };
    entry.count += count;
    totals.set(key, entry);
  };
  const connection = await mysql.createConnection({ uri: databaseUri(database) });
  try {
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [buckets] = await connection.query<mysql.RowDataPacket[]>('SELECT bucket_start, counts FROM bucket_counts');
    for (const row of buckets)
      for (const [scope, lang, word, count] of JSON.parse(gunzipSync(row.counts as Buffer).toString('utf8')) as Array<[string, string, string, number]>)
        add(scope, lang, Number(row.bucket_start), word, count);
    const [changes] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT changes FROM count_changes WHERE seq > (SELECT seq FROM count_compaction_head WHERE id = 1) ORDER BY seq',
    );
    for (const row of changes)
      for (const [scope, lang, bucketStart, word, count] of JSON.parse(gunzipSync(row.changes as Buffer).toString('utf8')) as Array<
        [string, string, number, string, number]
      >)
        add(scope, lang, bucketStart, word, count);
    await connection.query('COMMIT');
  } finally {
    await connection.end();
  }
  return [...totals.values()].filter((entry) => entry.count !== 0);
}

/**
 * Writes the stored counts into `oracle_word_counts`, one row per (bucket, scope, lang, word) as the counting
 * wrote them before issue 12, for the SQL oracle (sql-trends.ts) to sum.
 */
export async function materializeWordCounts(database: string): Promise<void> {
  const rows = await storedCountRows(database);
  await query(database, 'DROP TABLE IF EXISTS oracle_word_counts');
  await query(
    database,
    `CREATE TABLE oracle_word_counts (bucket_start BIGINT NOT NULL, scope VARCHAR(101) NOT NULL, lang VARCHAR(8) NOT NULL,
     word VARCHAR(100) NOT NULL, post_count INT NOT NULL, PRIMARY KEY (bucket_start, scope, lang, word))
     ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  );
  for (let start = 0; start < rows.length; start += 2_000) {
    const chunk = rows.slice(start, start + 2_000).map((row) => [row.bucketStart, row.scope, row.lang, row.word, row.count]);
    await query(database, 'INSERT INTO oracle_word_counts (bucket_start, scope, lang, word, post_count) VALUES ?', [chunk]);
  }
}

/** The stored counts of all posts (scope ""), keyed `bucket|lang|word`. */
export async function storedCounts(database: string): Promise<Map<string, number>> {
  const rows = await storedCountRows(database);
  return new Map(rows.filter((row) => row.scope === '').map((row) => [`${row.bucketStart}|${row.lang}|${row.word}`, row.count]));
}

export async function appliedOffsets(database: string): Promise<number> {
  const rows = await query(database, 'SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets');
  return Number(rows[0]?.n ?? 0);
}
