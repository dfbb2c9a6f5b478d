import { afterEach, describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { waitFor } from '@trendstream/testkit/wait-for';
import { xTweet } from '@trendstream/testkit/x-posts';
import { startXStreamTestServer, type XStreamTestServer } from '@trendstream/testkit/x-stream-server';
import { createIngestMetrics } from '../../src/metrics.js';
import { PostSink } from '../../src/sources/post-sink.js';
import { XStreamSource } from '../../src/x/x-stream-source.js';
import { captureLogs } from '../support/log-capture.js';

/**
 * The X source against the local filtered-stream server, with its records kept in memory (the Kafka path is
 * covered by test/integration/live-x.test.ts). The clock is moved to test what depends on the UTC day.
 */
describe('the X stream source', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function setUp(options: { clockStart?: number; maxPostsPerDay?: number } = {}) {
    const server = await startXStreamTestServer({ keepAliveMs: 100 });
    cleanups.add(() => server.close());
    const offset = (options.clockStart ?? Date.now()) - Date.now();
    const now = () => Date.now() + offset;
    const records: PostsTopicRecord[] = [];
    const posts = new PostSink({ output: { offer: (record) => records.push(record) > 0 }, dedupeCapacity: 1_000, dedupeTtlMs: 60_000, now });
    const { logger, lines } = captureLogs('debug');
    const source = new XStreamSource({
      posts,
      metrics: createIngestMetrics(),
      logger,
      now,
      settings: {
        apiUrl: server.url,
        token: server.token,
        baseRule: undefined,
        maxPostsPerDay: options.maxPostsPerDay ?? 1_000,
        stallTimeoutMs: 500,
        requestTimeoutMs: 2_000,
      },
    });
    cleanups.add(() => source.stop());
    return { server, source, records, lines };
  }

  const uris = (records: readonly PostsTopicRecord[]) => records.flatMap((record) => (record.kind === 'post' ? [record.post.uri] : []));
  const publish = (server: XStreamTestServer, text: string) => {
    const tweet = xTweet({ text, lang: 'en' });
    return server.publish(tweet).length > 0 ? `https://x.com/i/web/status/${tweet.id}` : undefined;
  };

  it('stops at the daily budget just before midnight and carries on by itself once the UTC day changes', async () => {
    const { server, source, records, lines } = await setUp({ clockStart: Date.parse('2026-12-07T23:59:57.500Z'), maxPostsPerDay: 3 });
    source.setHashtags(['news']);
    void source.start();
    await waitFor(() => server.rules.length === 1 && server.connections.length === 1, { what: 'the rule and the stream' });
    const before = ['a', 'b', 'c', 'd'].map((label) => publish(server, `${label} #news`));
    await waitFor(() => source.health.state === 'disabled', { what: 'the budget reached' });
    expect(source.health.detail).toBe('daily budget of 3 posts reached; resumes at 00:00 UTC');
    expect(uris(records)).toEqual(before.slice(0, 3));
    expect(lines.filter((line) => line.msg.includes('X_MAX_POSTS_PER_DAY is 3'))).toHaveLength(1);
    // The fourth post counts (X bills it) if it came in before the stream was closed.
    expect(['3', '4']).toContain(source.cursorSnapshot().get('budget:2026-12-07'));

    await server.waitForConnections(2);
    await waitFor(() => source.health.state === 'streaming', { what: 'streaming on the next day' });
    const after = publish(server, 'e #news');
    await waitFor(() => uris(records).includes(after!), { what: "the next day's post" });
    expect(source.cursorSnapshot()).toEqual(new Map([['budget:2026-12-08', '1']]));
  });

  it('keeps the state detail in step with the followed hashtags, and stops promptly', async () => {
    const { server, source } = await setUp();
    void source.start();
    await waitFor(() => source.health.state === 'streaming', { what: 'streaming' });
    expect(source.health.detail).toBe('no followed hashtag: nothing to stream');
    source.setHashtags(['news']);
    expect(source.health.detail).toBeUndefined();
    await waitFor(() => server.rules.length === 1, { what: 'the rule' });
    await source.stop();
    expect(source.health.state).toBe('stopped');
    await waitFor(() => !server.connections[0]?.open, { what: 'the stream closed' });
  });
});
