import { afterEach, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { topicNames } from '@trendstream/contracts/topics';
import { readCompactedTopicOnce } from '@trendstream/runtime/compacted-topic-reader';
import { CursorCheckpointer, type DeliveryTracker } from '../src/mastodon/cursor-checkpointer.js';
import { cursorRecordKey, parseCursorRecordKey, parseStoredCursor, resumableCursors, resumeCursor, RESUME_HORIZON_MS } from '../src/mastodon/cursor-records.js';
import type { ChannelKey } from '../src/mastodon/channel.js';
import { snowflakeAt } from '../src/mastodon/status-id.js';
import { TopicCollector, testKafka, uniquePrefix } from './helpers/kafka.js';
import { captureLogs } from './helpers/log-capture.js';
import { waitFor } from './helpers/wait.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('saved read positions', () => {
  it('round-trips its record keys and rejects others', () => {
    expect(parseCursorRecordKey(cursorRecordKey('mastodon.social', 'hashtag:rust'))).toEqual({ host: 'mastodon.social', channel: 'hashtag:rust' });
    expect(parseCursorRecordKey(cursorRecordKey('127.0.0.1:3000', 'local'))).toEqual({ host: '127.0.0.1:3000', channel: 'local' });
    for (const key of ['mastodon.social', ' public', 'mastodon.social home', 'mastodon.social hashtag:']) expect(parseCursorRecordKey(key)).toBeUndefined();
  });

  it('reads only well-formed values', () => {
    expect(parseStoredCursor('{"id":"113510223842115587","savedAt":1}')).toEqual({ id: '113510223842115587', savedAt: 1 });
    for (const value of ['', 'null', '{"id":""}', '{"id":"1","savedAt":"yesterday"}', '[1]']) expect(parseStoredCursor(value)).toBeUndefined();
  });

  it('resumes a recent cursor as saved, and an old one no further back than the horizon', () => {
    const recent = snowflakeAt(NOW - 10 * 60_000);
    expect(resumeCursor({ id: recent, savedAt: NOW - 10 * 60_000 }, NOW)).toBe(recent);
    const old = snowflakeAt(NOW - 3 * RESUME_HORIZON_MS);
    expect(resumeCursor({ id: old, savedAt: NOW - 3 * RESUME_HORIZON_MS }, NOW)).toBe(snowflakeAt(NOW - RESUME_HORIZON_MS));
    // Saved long ago but already past the horizon (a clock moved): kept.
    const ahead = snowflakeAt(NOW - 60_000);
    expect(resumeCursor({ id: ahead, savedAt: NOW - 2 * RESUME_HORIZON_MS }, NOW)).toBe(ahead);
    // An id that is not a Snowflake cannot be moved: an old one is dropped.
    expect(resumeCursor({ id: '01HZX3K8Q9', savedAt: NOW - 2 * RESUME_HORIZON_MS }, NOW)).toBeUndefined();
    expect(resumeCursor({ id: '01HZX3K8Q9', savedAt: NOW - 60_000 }, NOW)).toBe('01HZX3K8Q9');
  });

  it('groups resumable cursors by host and skips records that do not parse', () => {
    const { logger, lines } = captureLogs('warn');
    const id = snowflakeAt(NOW - 60_000);
    const records = new Map([
      ['a.example public', JSON.stringify({ id, savedAt: NOW - 60_000 })],
      ['a.example hashtag:rust', JSON.stringify({ id: '42', savedAt: NOW - 60_000 })],
      ['b.example local', JSON.stringify({ id, savedAt: NOW - 60_000 })],
      ['b.example public', 'not json'],
      ['nonsense', JSON.stringify({ id, savedAt: NOW })],
    ]);
    const cursors = resumableCursors(records, NOW, logger);
    expect(cursors).toEqual(
      new Map([
        ['a.example', new Map<ChannelKey, string>([['public', id], ['hashtag:rust', '42']])],
        ['b.example', new Map<ChannelKey, string>([['local', id]])],
      ]),
    );
    expect(lines.filter((line) => line.msg.includes('does not parse'))).toHaveLength(2);
  });
});

describe('the checkpoint on a real broker', () => {
  const kafka = testKafka();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('saves a position only once the posts read up to it are delivered, and reads back the latest per key', async () => {
    const topics = topicNames(uniquePrefix('cursors'));
    const emptyTopics = topicNames(uniquePrefix('no-cursors'));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topics, { postsPartitions: 1 });
    await ensureTopics(admin, emptyTopics, { postsPartitions: 1 });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const saved = await new TopicCollector(kafka, topics.ingestCursors).start();
    cleanups.push(() => saved.stop());

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
      sources: [{ host: 'a.example', cursorSnapshot: () => cursors }],
      delivery,
      intervalMs: 50,
      now: () => NOW,
      logger: captureLogs('warn').logger,
    });
    checkpointer.start();
    await waitFor('a checkpoint waiting for the delivery', () => release !== undefined, 10_000);
    // It waits for everything accepted when it took the cursors, and writes nothing before that arrives.
    expect(waitedFor).toEqual([3]);
    expect(sent).toHaveLength(0);

    release!();
    await waitFor('the position saved', () => saved.messages.length === 1, 10_000);
    expect(saved.messages[0]).toMatchObject({ key: 'a.example public' });
    expect(parseStoredCursor(saved.messages[0]?.value?.toString('utf8') ?? '')).toEqual({ id: '100', savedAt: NOW });

    // On stop after a full delivery, the current positions are saved once more; unchanged ones are not repeated.
    cursors = new Map<ChannelKey, string>([['public', '100'], ['hashtag:rust', '7']]);
    await checkpointer.stop(true);
    await waitFor('the final save', () => saved.messages.length === 2, 10_000);
    expect(saved.messages[1]?.key).toBe('a.example hashtag:rust');

    const latest = await readCompactedTopicOnce(kafka, topics.ingestCursors, 'ingest-test');
    expect([...latest.keys()].sort()).toEqual(['a.example hashtag:rust', 'a.example public']);
    expect((await readCompactedTopicOnce(kafka, emptyTopics.ingestCursors, 'ingest-test')).size).toBe(0);
  }, 30_000);
});
