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
      KAFKA_BROKERS: kafkaBrokers().join(','),
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

export async function query<T = mysql.RowDataPacket>(database: string, sql: string, args: unknown[] = []): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: `${mysqlServerUrl()}/${database}` });
  try {
    const [rows] = await connection.query(sql, args);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

export async function storedCounts(database: string): Promise<Map<string, number>> {
  // A word whose posts were all deleted keeps a row at zero until its bucket expires: it is not counted.
  const rows = await query(database, "SELECT bucket_start, lang, word, post_count FROM word_counts WHERE scope = '' AND post_count <> 0");
  return new Map(rows.map((row) => [`${Number(row.bucket_start)}|${String(row.lang)}|${String(row.word)}`, Number(row.post_count)]));
}

export async function appliedOffsets(database: string): Promise<number> {
  const rows = await query(database, 'SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets');
  return Number(rows[0]?.n ?? 0);
}
