import { afterEach, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { topicNames } from '@trendstream/contracts/topics';
import { readCompactedTopicOnce } from '@trendstream/runtime/compacted-topic-reader';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { CursorCheckpointer, type DeliveryTracker } from '../../src/sources/cursor-checkpointer.js';
import { parseStoredCursor } from '../../src/sources/cursor-records.js';
import type { ChannelKey } from '../../src/mastodon/channel.js';
import { TopicCollector } from '@trendstream/testkit/topic-collector';
import { captureLogs } from '../support/log-capture.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('the checkpoint on a real broker', () => {
  const kafka = testKafka();
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('saves a position only once the posts read up to it are delivered, and reads back the latest per key', async () => {
    const topics = topicNames(uniqueTopicPrefix('cursors'));
    const emptyTopics = topicNames(uniqueTopicPrefix('no-cursors'));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, { postsPartitions: 1 });
    await ensureTopics(admin, emptyTopics, { postsPartitions: 1 });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    const saved = await new TopicCollector(kafka, topics.ingestCursors).start();
    cleanups.add(() => saved.stop());

    // A queue with 3 records accepted, none delivered yet.
    let release: (() => void) | undefined;
    const waitedFor: number[] = [];
    const delivery: DeliveryTracker = {
      acceptedCount: 3,
      delivered: (count, signal) => {
        waitedFor.push(count);
        return new Promise<boolean>((resolve) => {
          release = () => resolve(true);
          signal.addEventListener('abort', () => resolve(false), { once: true });
        });
      },
    };
    const sent: string[] = [];
    const recordingProducer = Object.create(producer, {
      send: { value: (record: Parameters<typeof producer.send>[0]) => (sent.push(record.topic), producer.send(record)) },
    }) as typeof producer;
    let cursors = new Map<ChannelKey, string>([['public', '100']]);
    const checkpointer = new CursorCheckpointer({
      producer: recordingProducer,
      topic: topics.ingestCursors,
      sources: [{ name: 'a.example', cursorSnapshot: () => cursors }],
      delivery,
      intervalMs: 50,
      now: () => NOW,
      logger: captureLogs('warn').logger,
    });
    checkpointer.start();
    await waitFor(() => release !== undefined, { what: 'a checkpoint waiting for the delivery', timeoutMs: 10_000 });
    // It waits for everything accepted when it took the cursors, and writes nothing before that arrives.
    expect(waitedFor).toEqual([3]);
    expect(sent).toHaveLength(0);

    release!();
    await waitFor(() => saved.messages.length === 1, { what: 'the position saved', timeoutMs: 10_000 });
    expect(saved.messages[0]).toMatchObject({ key: 'a.example public' });
    expect(parseStoredCursor(saved.messages[0]?.value?.toString('utf8') ?? '')).toEqual({ id: '100', savedAt: NOW });

    // On stop after a full delivery, the current positions are saved once more; unchanged ones are not repeated.
    cursors = new Map<ChannelKey, string>([
      ['public', '100'],
      ['hashtag:rust', '7'],
    ]);
    await checkpointer.stop(true);
    await waitFor(() => saved.messages.length === 2, { what: 'the final save', timeoutMs: 10_000 });
    expect(saved.messages[1]?.key).toBe('a.example hashtag:rust');

    const latest = await readCompactedTopicOnce(kafka, topics.ingestCursors, 'ingest-test');
    expect([...latest.keys()].sort()).toEqual(['a.example hashtag:rust', 'a.example public']);
    expect((await readCompactedTopicOnce(kafka, emptyTopics.ingestCursors, 'ingest-test')).size).toBe(0);
  }, 30_000);
});
