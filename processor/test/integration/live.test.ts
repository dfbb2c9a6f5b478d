import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import type { ClientToServerEvents, ServerToClientEvents, TrendsSnapshot } from '@trendstream/contracts/socket-events';
import { topicNames } from '@trendstream/contracts/topics';
import { followDelta, fromSnapshot, type FollowerState } from '@trendstream/contracts/trend-follower';
import { testKafka } from '@trendstream/testkit/kafka';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { encodePosts, generatePosts } from '../support/posts.js';
import { appliedOffsets, buildTestProcessor, produce, startProcessor, testStack } from '../support/stack.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A client that follows snapshots and deltas exactly as the dashboard does, and can be made to miss a delta. */
function follow(url: string) {
  const client: Client = connect(url, { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
  const stats = { snapshots: 0, received: 0, deltas: 0, resyncs: 0, reconnects: 0, dropNext: false };
  let state: FollowerState | undefined;
  client.on('connect', () => {
    stats.reconnects++;
    client.emit('trends:subscribe', { window: '5m' });
  });
  client.on('trends:snapshot', (snapshot) => {
    if (snapshot.window !== '5m') return;
    stats.snapshots++;
    state = fromSnapshot(snapshot);
  });
  client.on('trends:delta', (delta) => {
    if (!state) return;
    stats.received++;
    if (stats.dropNext) {
      stats.dropNext = false;
      return;
    }
    stats.deltas++;
    const result = followDelta(state, delta);
    state = result.state;
    if (result.action === 'resync') {
      stats.resyncs++;
      client.emit('trends:resync');
    }
  });
  return { client, stats, words: () => state?.words };
}

describe('socket.io snapshot and deltas against the real stack', () => {
  const stack = testStack({ FLUSH_MAX_POSTS: '200' });
  let processor: Processor;
  let url: string;

  beforeAll(async () => ({ processor, url } = await startProcessor(stack)));
  afterAll(async () => {
    await processor.close();
    await dropDatabase(stack.database);
  });

  it('a client following a stream ends equal to the server after forced disconnects and a missed delta', async () => {
    const follower = follow(url);
    await waitFor(() => follower.stats.snapshots > 0, { what: 'first snapshot', timeoutMs: 20_000 });
    const posts = generatePosts(3_000, Date.now() - 4 * 60_000, 60);
    const messages = encodePosts(posts);
    let sent = 0;
    /** Produces the next `count` posts and waits until the processor has committed them and a delta reached the client. */
    const feed = async (count: number) => {
      const received = follower.stats.received;
      const slice = messages.slice(sent, sent + count);
      await produce(stack.prefix, slice);
      sent += slice.length;
      await waitFor(async () => (await appliedOffsets(stack.database)) >= sent, { what: 'slice applied', timeoutMs: 60_000 });
      await waitFor(() => follower.stats.received > received, { what: 'a delta for the slice', timeoutMs: 10_000 });
    };
    const reconnect = async () => {
      const { reconnects, snapshots } = follower.stats;
      follower.client.io.engine.close();
      await waitFor(() => follower.stats.reconnects > reconnects && follower.stats.snapshots > snapshots, {
        what: 'reconnected with a fresh snapshot',
        timeoutMs: 10_000,
      });
    };

    await feed(500);
    await feed(500);
    await reconnect();
    // A missed delta is only noticed when the next one arrives, so keep feeding until the client has resynced.
    follower.stats.dropNext = true;
    while (follower.stats.resyncs === 0 && sent < 2_000) await feed(100);
    await reconnect();
    while (sent < messages.length) await feed(500);
    const serverWords = async () => (await processor.http.inject({ url: '/api/trends?window=5m&limit=20' })).json<TrendsResponse>().words;
    await waitFor(async () => JSON.stringify(follower.words()) === JSON.stringify(await serverWords()), {
      what: 'client equal to the server',
      timeoutMs: 20_000,
    });
    expect(follower.words()).toEqual(await serverWords());
    expect(follower.words()!.length).toBeGreaterThan(10);
    expect(follower.stats.reconnects).toBeGreaterThanOrEqual(3);
    expect(follower.stats.resyncs).toBeGreaterThanOrEqual(1);
    expect(follower.stats.deltas).toBeGreaterThan(3);
    follower.client.close();
  });

  it('answers an invalid subscription with an error ack', async () => {
    const client: Client = connect(url, { transports: ['websocket'] });
    const ack = await new Promise<{ ok: boolean; error?: string }>((resolve) => client.emit('trends:subscribe', { window: '2h' }, resolve));
    client.close();
    expect(ack.ok).toBe(false);
    expect(ack.error).toMatch(/window must be one of/u);
  });
});

describe('a processor that is still starting', () => {
  const stack = testStack();
  afterAll(async () => dropDatabase(stack.database));

  // After a restart every open dashboard reconnects as soon as the port accepts connections, which is before
  // the processor has caught up with the followed hashtags and joined its consumer group.
  it('answers sockets and hashtag requests that arrive as soon as the port opens', async () => {
    const processor = buildTestProcessor(stack);
    // Followed before this start, by an earlier run (which created the topics): the set is read back from Kafka
    // while the processor starts.
    const kafka = testKafka('processor-test');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topicNames(stack.prefix), { postsPartitions: 3 });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await new FollowedHashtagsWriter(producer, topicNames(stack.prefix).hashtags).follow('kafka', new Date());
    await producer.disconnect();
    const starting = processor.start();
    try {
      await waitFor(() => processor.http.server.listening, { what: 'the HTTP port to open', timeoutMs: 30_000, intervalMs: 1 });
      const { port } = processor.http.server.address() as AddressInfo;
      const client: Client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
      let snapshot: TrendsSnapshot | undefined;
      client.once('trends:snapshot', (received) => (snapshot = received));
      const hashtags = await fetch(`http://127.0.0.1:${port}/api/hashtags`);
      expect(await hashtags.json()).toEqual({ hashtags: ['kafka'] });
      await starting;
      expect(await waitFor(() => snapshot, { what: 'a snapshot', timeoutMs: 10_000, intervalMs: 50 })).toMatchObject({ window: '5m' });
      client.close();
    } finally {
      await starting.catch(() => {});
      await processor.close();
    }
  });
});
