import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidHashtagError, type FollowedHashtagsChange } from '@trendstream/contracts/followed-hashtags';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { FollowedHashtagsReader, FollowedHashtagsWriter } from '../../src/followed-hashtags.js';
import { ensureTopics } from '../../src/kafka-topics.js';

const value = (tag: string): string => JSON.stringify({ tag, followedAt: '2026-11-25T12:00:00.000Z' });

describe('followed hashtags on a real broker', () => {
  const kafka = testKafka('schema-test');
  const topics = topicNames(uniqueTopicPrefix('hashtags'));
  let producer: Producer;
  let writer: FollowedHashtagsWriter;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, { postsPartitions: 1 });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    writer = new FollowedHashtagsWriter(producer, topics.hashtags);
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('rejects an invalid tag before writing anything', async () => {
    await expect(writer.follow('#')).rejects.toBeInstanceOf(InvalidHashtagError);
    await expect(writer.unfollow('no spaces')).rejects.toBeInstanceOf(InvalidHashtagError);
  });

  it('reads the current set from the beginning, then follows changes live', async () => {
    await writer.follow('#Kafka');
    await writer.follow('Ünïcödé');
    await writer.follow('avro');
    await writer.unfollow('AVRO');
    await producer.send({ topic: topics.hashtags, messages: [{ key: 'c++', value: value('c++') }] });

    const reader = new FollowedHashtagsReader(kafka, { topic: topics.hashtags, groupIdPrefix: 'schema-test' });
    const changes: FollowedHashtagsChange[] = [];
    reader.onChange((change) => changes.push(change));
    try {
      await reader.start();
      await reader.ready(20_000);
      expect([...reader.tags].sort()).toEqual(['kafka', 'unicode']);
      expect(reader.entries().map((entry) => entry.tag)).toEqual(['kafka', 'unicode']);

      changes.length = 0;
      await writer.follow('streams');
      await waitFor(() => reader.tags.has('streams'), { what: 'streams followed', timeoutMs: 15_000 });
      await writer.unfollow('kafka');
      await waitFor(() => !reader.tags.has('kafka'), { what: 'kafka unfollowed', timeoutMs: 15_000 });
      expect(changes.map(({ added, removed }) => ({ added, removed }))).toEqual([
        { added: ['streams'], removed: [] },
        { added: [], removed: ['kafka'] },
      ]);
    } finally {
      await reader.stop();
    }
  }, 60_000);

  it('is ready at once on an empty topic', async () => {
    const empty = topicNames(uniqueTopicPrefix('no-hashtags'));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, empty, { postsPartitions: 1 });
    await admin.disconnect();
    const reader = new FollowedHashtagsReader(kafka, { topic: empty.hashtags });
    try {
      await reader.start();
      await reader.ready(1_000);
      expect(reader.tags.size).toBe(0);
    } finally {
      await reader.stop();
    }
  }, 60_000);
});
