import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import mysql from 'mysql2/promise';
import { createLogger } from '@trendstream/runtime/logger';
import { postCodec } from '@trendstream/runtime/codecs';
import type { Post } from '@trendstream/contracts/post';
import { topicNames } from '@trendstream/contracts/topics';
import { buildProcessor, type Processor } from '../src/app.js';
import { loadProcessorConfig } from '../src/config.js';
import { tokenize } from '@trendstream/contracts/tokenizer';
import { bucketStart } from '../src/windows/buckets.js';

export function brokers(): string {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test` from the repo root, which starts a local Kafka broker');
  return value;
}

export const MYSQL_SERVER = 'mysql://root@127.0.0.1:3306';

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function dropDatabase(name: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: `${MYSQL_SERVER}/` });
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.end();
}

export async function query<T = mysql.RowDataPacket>(database: string, sql: string, args: unknown[] = []): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: `${MYSQL_SERVER}/${database}` });
  try {
    const [rows] = await connection.query(sql, args);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/** Polls until `check` returns a truthy value; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 60_000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

export interface TestStack {
  prefix: string;
  database: string;
  env: Record<string, string>;
}

export function testStack(overrides: Record<string, string> = {}): TestStack {
  const prefix = `${uniqueName('t')}.`;
  const database = uniqueName('ts_test');
  return {
    prefix,
    database,
    env: {
      KAFKA_BROKERS: brokers(),
      TOPIC_PREFIX: prefix,
      MYSQL_URL: `${MYSQL_SERVER}/${database}`,
      PORT: '0',
      LOG_LEVEL: 'warn',
      FLUSH_INTERVAL_MS: '100',
      DELTA_INTERVAL_MS: '100',
      ...overrides,
    },
  };
}

/** Builds (connects, migrates) a processor for the stack without starting it. */
export async function buildTestProcessor(stack: TestStack, onLatency?: (ms: readonly number[]) => void): Promise<Processor> {
  const config = loadProcessorConfig(stack.env);
  return buildProcessor({ config, logger: createLogger('processor-test', config.LOG_LEVEL), webDist: undefined, ...(onLatency ? { onLatency } : {}) });
}

export async function startProcessor(stack: TestStack, onLatency?: (ms: readonly number[]) => void): Promise<{ processor: Processor; url: string }> {
  const processor = await buildTestProcessor(stack, onLatency);
  const url = await processor.start();
  return { processor, url };
}

export function kafka(): Kafka {
  return new Kafka({ brokers: [brokers()], clientId: 'processor-test', logLevel: logLevel.NOTHING });
}

export async function produce(prefix: string, messages: Array<{ key: string; value: Buffer }>): Promise<void> {
  const producer = kafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 500) {
    await producer.send({ topic: topicNames(prefix).posts, messages: messages.slice(i, i + 500) });
  }
  await producer.disconnect();
}

export function encodePosts(posts: readonly Post[]): Array<{ key: string; value: Buffer }> {
  const codec = postCodec();
  return posts.map((post) => ({ key: post.uri, value: codec.encode(post) }));
}

const VOCABULARY = ['kafka', 'stream', 'mastodon', 'coffee', 'weather', 'football', 'music', 'election', 'garden', 'typescript', 'tokyo', 'berlin'];

/** Posts with duplicates from a second instance and boosts, in created_at order. */
export function generatePosts(count: number, start: number, spacingMs = 100): Post[] {
  const posts: Post[] = [];
  for (let i = 0; i < count; i++) {
    const words = [VOCABULARY[i % VOCABULARY.length], VOCABULARY[(i * 7 + 3) % VOCABULARY.length], VOCABULARY[(i * i) % VOCABULARY.length]];
    const duplicate = i % 10 === 9;
    const id = duplicate ? i - 1 : i;
    posts.push({
      uri: `https://origin.example/users/u${id % 17}/statuses/${id}`,
      statusId: String(i),
      instance: duplicate ? 'second.example' : 'origin.example',
      source: 'replay',
      url: null,
      createdAt: start + i * spacingMs,
      receivedAt: Date.now(),
      language: i % 4 === 0 ? 'de' : 'en',
      text: `${words.join(' ')} and more #Trend${i % 3}`,
      spoilerText: '',
      hashtags: [`trend${i % 3}`],
      isBoost: i % 13 === 0,
      boostOfUri: null,
      sensitive: false,
      account: { acct: `u${i % 17}`, bot: false, discoverable: true, indexable: true, noindexInBio: false },
    });
  }
  return posts;
}

/** A straightforward recount, independent of batching, offsets and transactions: the expected MySQL state. */
export function recount(posts: readonly Post[], bucketMs: number): Map<string, number> {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const post of posts) {
    if (seen.has(post.uri)) continue;
    seen.add(post.uri);
    if (post.isBoost) continue;
    const text = post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text;
    for (const word of tokenize({ text, language: post.language, hashtags: post.hashtags })) {
      const key = `${bucketStart(post.createdAt, bucketMs)}|${post.language ?? ''}|${word}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export async function storedCounts(database: string): Promise<Map<string, number>> {
  const rows = await query(database, "SELECT bucket_start, lang, word, post_count FROM word_counts WHERE scope = ''");
  return new Map(rows.map((row) => [`${Number(row.bucket_start)}|${String(row.lang)}|${String(row.word)}`, Number(row.post_count)]));
}

export async function appliedOffsets(database: string): Promise<number> {
  const rows = await query(database, 'SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets');
  return Number(rows[0]?.n ?? 0);
}
