import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { postsTopicKey } from '@trendstream/contracts/status-events';
import { topicNames } from '@trendstream/contracts/topics';
import { buildProcessor, type Processor } from '@trendstream/processor/app';
import { loadCountSnapshot } from '@trendstream/processor/change-log';
import { loadProcessorConfig } from '@trendstream/processor/config';
import { createPool } from '@trendstream/processor/database';
import { createLogger } from '@trendstream/runtime/logger';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { childEnv, envVar } from '@trendstream/testkit/env';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { dropDatabase, testDatabase } from '@trendstream/testkit/mysql';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { waitFor } from '@trendstream/testkit/wait-for';
import mysql from 'mysql2/promise';
import { engineClasspath, sortKeys } from './support/engine.js';
import { samplePosts } from './support/sample.js';

/**
 * The Spark engine end to end, in local mode against the real broker and MariaDB: the same topic counted by the
 * processor into one database and by the Spark job (with a processor in COUNTING_ENGINE=spark serving it) into
 * another must leave the same counts, post memory, offsets, watermarks and dead letters; so must a Spark job
 * killed with SIGKILL mid-run and started again from its checkpoint. A checkpoint the topic no longer matches is set
 * aside rather than stopping the job.
 */
const prefix = uniqueTopicPrefix('spark');
const logger = createLogger('spark-test', 'silent');
const databases: string[] = [];
const processors: Processor[] = [];
const jobs: ChildProcess[] = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'trendstream-spark-'));
let total = 0;

/** 12,000 of the sample's posts with deletes and edits mixed in, and three messages nobody can read. */
function workload(): Array<{ key: string; value: Buffer | null }> {
  const codec = postsTopicCodec();
  const records: PostsTopicRecord[] = [];
  // Re-timed to end now, 100 ms apart (20 minutes): well inside the retention horizon, so nothing expires mid-test.
  const start = Date.now() - 12_000 * 100;
  samplePosts()
    .slice(0, 12_000)
    .map((post, i) => ({ ...post, createdAt: start + i * 100, receivedAt: start + i * 100 + 50 }))
    .forEach((post, i) => {
      records.push({ kind: 'post', post });
      if (i % 11 === 3)
        records.push({ kind: 'deleted', uri: post.uri, statusId: post.statusId, instance: post.instance, receivedAt: post.receivedAt, network: post.network });
      if (i % 13 === 4) records.push({ kind: 'updated', post: { ...post, text: `${post.text} edited zeppelin` }, editedAt: post.createdAt + 60_000 });
    });
  const messages: Array<{ key: string; value: Buffer | null }> = records.map((record) => ({ key: postsTopicKey(record), value: codec.encode(record) }));
  messages.splice(100, 0, { key: 'garbage-1', value: Buffer.from('not avro at all') });
  messages.splice(5_000, 0, { key: 'garbage-2', value: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9]) });
  messages.push({ key: 'garbage-3', value: null });
  return messages;
}

async function startProcessor(engine: 'processor' | 'spark', topicPrefix = prefix): Promise<string> {
  const database = testDatabase(`spark_${engine}`);
  databases.push(database.name);
  const config = loadProcessorConfig({
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: topicPrefix,
    MYSQL_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    POSTS_PARTITIONS: '3',
    COUNTING_ENGINE: engine,
  });
  const processor = buildProcessor({ config, logger, webDist: undefined });
  processors.push(processor);
  await processor.start();
  return database.url;
}

function startJob(mysqlUrl: string, checkpoint: string, topicPrefix = prefix): ChildProcess {
  const job = spawn(
    'java',
    [`@${path.join(REPO_ROOT, 'spark', 'jvm.options')}`, '-Xmx1g', '-cp', engineClasspath(), 'dev.trendstream.spark.job.StreamingJob'],
    {
      env: childEnv({
        KAFKA_BROKERS: kafkaBrokers().join(','),
        TOPIC_PREFIX: topicPrefix,
        MYSQL_URL: mysqlUrl,
        SPARK_CHECKPOINT_DIR: checkpoint,
        SPARK_TRIGGER_MS: '500',
        SPARK_MAX_OFFSETS_PER_TRIGGER: '3000',
        JAVA_HOME: envVar('JAVA_HOME'),
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const errors: string[] = [];
  job.stderr?.on('data', (chunk: Buffer) =>
    errors.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => /ERROR|Exception/u.test(line)),
    ),
  );
  job.on('exit', (code, signal) => {
    // 143: the JVM's exit after SIGTERM, which the test sends.
    if (code !== 0 && code !== 143 && signal === null) console.error(`the Spark job exited with ${code}:\n${errors.slice(-20).join('\n')}`);
  });
  jobs.push(job);
  return job;
}

/** Posts `from` to `to` of the sample, re-timed to end now, as messages of the posts topic. */
function postMessages(from: number, to: number): Array<{ key: string; value: Buffer }> {
  const codec = postsTopicCodec();
  const start = Date.now() - (to - from) * 100;
  return samplePosts()
    .slice(from, to)
    .map((post, i): PostsTopicRecord => ({ kind: 'post', post: { ...post, createdAt: start + i * 100, receivedAt: start + i * 100 + 50 } }))
    .map((record) => ({ key: postsTopicKey(record), value: codec.encode(record) }));
}

async function produce(topic: string, messages: Array<{ key: string; value: Buffer | null }>): Promise<void> {
  const producer = testKafka('spark-test').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  } finally {
    await producer.disconnect();
  }
}

async function exited(job: ChildProcess): Promise<void> {
  if (job.exitCode !== null || job.signalCode !== null) return;
  await new Promise((resolve) => job.once('exit', resolve));
}

/** One number from the database at `url` (the query names it `n`). */
async function scalar(url: string, sql: string): Promise<number> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await connection.end();
  }
}

const countedPosts = (url: string) => scalar(url, 'SELECT COUNT(*) AS n FROM counted_posts');
const applied = (url: string) => scalar(url, 'SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets');

/** What the serving side reads, summed where batching may differ (the change log) and as stored elsewhere. */
async function servedTruth(url: string): Promise<unknown> {
  const pool = createPool(url);
  try {
    const snapshot = await loadCountSnapshot(pool, 0);
    const counts = new Map<string, number>();
    for (const row of snapshot.rows) {
      const key = JSON.stringify([row.scope, row.lang, row.bucketStart, row.word]);
      const sum = (counts.get(key) ?? 0) + row.count;
      if (sum === 0) counts.delete(key);
      else counts.set(key, sum);
    }
    const rows = async (sql: string) => (await pool.query<mysql.RowDataPacket[]>(sql))[0].map((row) => ({ ...row }));
    return sortKeys({
      counts: [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      postCounts: await rows('SELECT bucket_start, scope, lang, posts FROM post_counts WHERE posts <> 0 ORDER BY bucket_start, scope, lang'),
      countedPosts: await rows('SELECT HEX(uri_hash) AS uri_hash, created_at, kind, lang, scopes, tokens FROM counted_posts ORDER BY uri_hash'),
      offsets: await rows('SELECT partition_id, next_offset, max_event_time, late_posts FROM partition_offsets ORDER BY partition_id'),
      deadLetters: await rows('SELECT partition_id, kafka_offset, error_code FROM dead_letters ORDER BY partition_id, kafka_offset'),
    });
  } finally {
    await pool.end();
  }
}

let processorUrl: string;
let processorTruth: unknown;

beforeAll(async () => {
  processorUrl = await startProcessor('processor');
  const messages = workload();
  total = messages.length;
  await produce(topicNames(prefix).posts, messages);
  await waitFor(async () => (await applied(processorUrl)) === total, { what: `the processor applying all ${total} messages`, timeoutMs: 180_000 });
  processorTruth = await servedTruth(processorUrl);
}, 300_000);

afterAll(async () => {
  for (const job of jobs) if (job.exitCode === null && job.signalCode === null) job.kill('SIGKILL');
  for (const processor of processors) await processor.close().catch(() => {});
  for (const name of databases) await dropDatabase(name);
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe('the Spark engine in local mode', () => {
  it('counts the topic into the same rows as the processor, dead letters included', async () => {
    const sparkUrl = await startProcessor('spark');
    const job = startJob(sparkUrl, path.join(scratch, 'checkpoint-equal'));
    await waitFor(async () => (await applied(sparkUrl)) === total, { what: `the Spark job applying all ${total} messages`, timeoutMs: 300_000 });
    expect(await servedTruth(sparkUrl)).toEqual(processorTruth);
    const truth = processorTruth as { counts: unknown[]; countedPosts: unknown[]; deadLetters: unknown[] };
    expect(truth.counts.length).toBeGreaterThan(1_000);
    expect(truth.countedPosts.length).toBeGreaterThan(10_000);
    expect(truth.deadLetters).toHaveLength(3);
    job.kill('SIGTERM');
  });

  it('killed with SIGKILL mid-run and started again from its checkpoint, still counts the same', async () => {
    const sparkUrl = await startProcessor('spark');
    const checkpoint = path.join(scratch, 'checkpoint-kill');
    const first = startJob(sparkUrl, checkpoint);
    await waitFor(async () => (await applied(sparkUrl)) >= total / 3, { what: 'a third of the messages applied', timeoutMs: 300_000, intervalMs: 50 });
    first.kill('SIGKILL');
    await exited(first);
    expect(await applied(sparkUrl)).toBeLessThan(total);
    startJob(sparkUrl, checkpoint);
    await waitFor(async () => (await applied(sparkUrl)) === total, { what: `the restarted job applying all ${total} messages`, timeoutMs: 300_000 });
    expect(await servedTruth(sparkUrl)).toEqual(processorTruth);
  });

  it('sets aside a checkpoint of a topic since created again, and counts the new topic from its start', async () => {
    const recreated = uniqueTopicPrefix('spark-recreated');
    const topic = topicNames(recreated).posts;
    const sparkUrl = await startProcessor('spark', recreated);
    const checkpoint = path.join(scratch, 'checkpoint-recreated');
    await produce(topic, postMessages(0, 3_000));
    const first = startJob(sparkUrl, checkpoint, recreated);
    await waitFor(async () => (await applied(sparkUrl)) === 3_000, { what: 'the first topic applied', timeoutMs: 300_000 });
    first.kill('SIGTERM');
    await exited(first);
    const countedBefore = await countedPosts(sparkUrl);

    // The topic deleted and created again, with fewer messages than the checkpoint and MySQL have read.
    const admin = testKafka('spark-test').admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic] });
      await waitFor(async () => !(await admin.listTopics()).includes(topic), { what: 'the topic deleted', timeoutMs: 60_000 });
      // A create that timed out waiting for leaders may still have created the topic: done once it has three
      // partitions with leaders, whichever call made it.
      await waitFor(
        async () => {
          await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }).catch(() => false);
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
          const partitions = metadata?.topics[0]?.partitions ?? [];
          return partitions.length === 3 && partitions.every((partition) => partition.leader >= 0);
        },
        { what: 'the topic created again, with a leader for each of its 3 partitions', timeoutMs: 120_000 },
      );
    } finally {
      await admin.disconnect();
    }
    await produce(topic, postMessages(20_000, 20_600));

    startJob(sparkUrl, checkpoint, recreated);
    await waitFor(async () => (await applied(sparkUrl)) === 600, { what: 'the new topic applied from its start', timeoutMs: 300_000 });
    // Each new identity remembered once (the sample holds a few posts seen on two instances).
    const earlier = new Set(
      samplePosts()
        .slice(0, 3_000)
        .map((post) => post.uri),
    );
    const newUris = samplePosts()
      .slice(20_000, 20_600)
      .map((post) => post.uri);
    const added = new Set(newUris.filter((uri) => !earlier.has(uri))).size;
    expect(added).toBeGreaterThan(500);
    expect(await countedPosts(sparkUrl)).toBe(countedBefore + added);
    expect(readdirSync(scratch).filter((name) => name.startsWith('checkpoint-recreated.stale-'))).toHaveLength(1);
  });
});
