import { afterEach, describe, expect, it } from 'vitest';
import { FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { TEST_USER_TOKEN } from '../support/live-config.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('hashtags followed at runtime', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('subscribes a tag followed through the hashtags topic, skips bad tags without touching the timeline, unsubscribes on unfollow', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    // The local timeline, so a remote post can only arrive through the hashtag channel.
    const { app, posts, topics } = await startLiveIngest(
      kafka,
      'hashtags',
      [server],
      { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN, MASTODON_TIMELINE: 'local' },
      cleanups,
    );
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public:local'), { what: 'the local stream subscribed' });

    const producer = kafka.producer();
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    // Records our writer would never write: an empty tag makes Mastodon answer with an error frame, which
    // makes masto throw in every subscription of the socket.
    await producer.send({
      topic: topics.hashtags,
      messages: [
        { key: '', value: JSON.stringify({ tag: '', followedAt: new Date().toISOString() }) },
        { key: 'c++', value: JSON.stringify({ tag: 'c++', followedAt: new Date().toISOString() }) },
      ],
    });
    await new FollowedHashtagsWriter(producer, topics.hashtags).follow('#Rust');
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'hashtag' && s.tag === 'rust'), { what: 'the rust channel subscribed' });

    const local = server.publish({ text: 'a local post' });
    const tagged = server.publish({ text: 'a remote post', acct: 'ferris@crab.example', tags: ['Rust'] });
    const untagged = server.publish({ text: 'a remote post without the tag', acct: 'other@crab.example' });
    await waitFor(() => [local.uri, tagged.uri].every((uri) => postUris(posts.messages).includes(uri as string)), {
      what: 'the local and the tagged remote post in Kafka',
    });

    await new FollowedHashtagsWriter(producer, topics.hashtags).unfollow('rust');
    await waitFor(() => server.stats.unsubscribes.some((s) => s.stream === 'hashtag' && s.tag === 'rust'), { what: 'the rust channel unsubscribed' });
    const afterUnfollow = server.publish({ text: 'too late', acct: 'ferris@crab.example', tags: ['rust'] });
    const sentinel = server.publish({ text: 'sentinel' });
    await waitFor(() => postUris(posts.messages).includes(sentinel.uri as string), { what: 'the sentinel in Kafka' });

    const uris = postUris(posts.messages);
    expect(uris).not.toContain(untagged.uri);
    expect(uris).not.toContain(afterUnfollow.uri);
    expect(server.stats.subscribes.filter((s) => s.stream === 'hashtag').map((s) => s.tag)).toEqual(['rust']);
    expect(server.stats.errorFrames).toBe(0);
    expect(server.stats.upgrades).toBe(1);
    expect(app.sources[0]?.health.state).toBe('streaming');
    expect(metricValue(app, 'ingest_rejected_hashtags_total')).toBe(0);
    expect(app.health().hashtags).toEqual([]);
  }, 60_000);
});
