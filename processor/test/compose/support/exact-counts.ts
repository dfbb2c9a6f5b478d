import { Kafka, logLevel } from 'kafkajs';
import { expect } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { TopicCollector } from '@trendstream/testkit/topic-collector';
import { waitFor } from '@trendstream/testkit/wait-for';
import { recountRecords } from '../../support/posts.js';
import { appliedOffsets, query, storedCounts } from '../../support/stack.js';

/** The compose file leaves BUCKET_SECONDS at the processor's default. */
const BUCKET_MS = 5_000;

export function composeKafka(port: number): Kafka {
  return new Kafka({ clientId: 'trendstream-compose-check', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });
}

export async function topicEnds(kafka: Kafka, topic = 'posts'): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((partition) => Number(partition.high));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Once nothing more is produced: every message of the posts topic applied and nothing more (the stored offsets
 * equal the topic's ends), and the stored counts equal an independent recount of the whole topic, read back
 * from the broker. Returns the stored counts.
 */
export async function expectExactCounts(kafka: Kafka, mysqlUrl: string): Promise<Map<string, number>> {
  const ends = await topicEnds(kafka);
  const total = ends.reduce((sum, end) => sum + end, 0);
  await waitFor(async () => (await appliedOffsets(mysqlUrl)) === total, { what: `all ${total} messages applied`, timeoutMs: 180_000 });
  const stored = await query(mysqlUrl, 'SELECT partition_id, next_offset FROM partition_offsets ORDER BY partition_id');
  expect(stored.map((row) => Number(row.next_offset))).toEqual(ends);

  const collector = await new TopicCollector(kafka, 'posts').start();
  let records: PostsTopicRecord[];
  try {
    const codec = postsTopicCodec();
    records = (await collector.drain(120_000)).map((message) => codec.decode(message.value) as PostsTopicRecord);
  } finally {
    await collector.stop();
  }
  expect(records.length).toBe(total);
  const expected = recountRecords(records, BUCKET_MS);
  const actual = await storedCounts(mysqlUrl);
  const differences = [...new Set([...expected.keys(), ...actual.keys()])].filter((key) => expected.get(key) !== actual.get(key));
  expect(differences.slice(0, 10).map((key) => `${key}: recount ${expected.get(key)}, stored ${actual.get(key)}`)).toEqual([]);
  expect(actual.size).toBe(expected.size);
  expect(actual.size).toBeGreaterThan(0);
  return actual;
}
