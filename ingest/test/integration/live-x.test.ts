import { afterEach, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { topicNames, type TopicNames } from '@trendstream/contracts/topics';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { xTweet, type XTweetInput } from '@trendstream/testkit/x-posts';
import { startXStreamTestServer, type XStreamTestServer } from '@trendstream/testkit/x-stream-server';
import { parseStoredCursor } from '../../src/sources/cursor-records.js';
import { utcDay } from '../../src/x/x-budget.js';
import { NOTHING_TO_STREAM } from '../../src/x/x-stream-source.js';
import { decodeAll, restartableIngest, metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { liveTestConfig } from '../support/live-config.js';
import { ERROR } from '../support/log-capture.js';

const kafka = testKafka();

/** A silent stream is noticed after a second; the server's keep-alives come five times as often. */
const STALL_TIMEOUT_MS = '1000';
const KEEP_ALIVE_MS = 200;

const uriOf = (id: string) => `https://x.com/i/web/status/${id}`;

describe('X through the filtered stream', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function startServer(): Promise<XStreamTestServer> {
    const server = await startXStreamTestServer({ keepAliveMs: KEEP_ALIVE_MS });
    cleanups.add(() => server.close());
    return server;
  }

  function xEnv(server: XStreamTestServer, extra: Record<string, string> = {}): Record<string, string> {
    return { X_BEARER_TOKEN: server.token, X_API_URL: server.url, X_STALL_TIMEOUT_MS: STALL_TIMEOUT_MS, ...extra };
  }

  async function hashtagWriter(topics: TopicNames): Promise<FollowedHashtagsWriter> {
    const producer: Producer = kafka.producer();
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    return new FollowedHashtagsWriter(producer, topics.hashtags);
  }

  /** Publishes `count` posts; returns the URIs of those the server delivered (those that match a rule). */
  function plant(server: XStreamTestServer, label: string, count: number, input: Partial<XTweetInput> = {}): string[] {
    const uris: string[] = [];
    for (let i = 0; i < count; i++) {
      const tweet = xTweet({ text: `${label} number ${i} says hello #News`, lang: 'en', ...input });
      if (server.publish(tweet).length > 0) uris.push(uriOf(tweet.id));
    }
    return uris;
  }

  const ownedRules = (server: XStreamTestServer) => server.rules.filter((rule) => rule.tag?.startsWith('trendstream ')).map((rule) => rule.value);

  it('follows the followed hashtags with rules, without reconnecting, and produces every matching post once with its fields', async () => {
    const server = await startServer();
    const foreign = server.addRule('#golang', 'made by hand');
    const { app, posts, topics } = await startLiveIngest(kafka, 'x', [], xEnv(server, { X_RULES: 'lang:en OR lang:ja' }), cleanups);
    const source = app.sources[0]!;
    expect(source).toMatchObject({ network: 'x', name: new URL(server.url).host });
    await waitFor(() => source.health.state === 'streaming' && source.health.detail === NOTHING_TO_STREAM, { what: 'streaming, with nothing to stream' });
    expect(server.connections[0]?.tweetFields).toEqual(expect.arrayContaining(['created_at', 'lang', 'entities', 'referenced_tweets', 'author_id']));
    expect(server.connections[0]?.expansions).toEqual([]);

    const hashtags = await hashtagWriter(topics);
    await hashtags.follow('#Rust');
    await waitFor(() => ownedRules(server).includes('#rust (lang:en OR lang:ja)'), { what: 'the rule for #rust' });
    await waitFor(() => source.health.state === 'streaming' && source.health.detail === undefined, { what: 'the detail cleared' });

    const text = '🦀🦀 Grüße @ferris aus 東京 https://t.co/abc #Rust & more';
    const first = xTweet({ text, lang: 'ja', authorId: '2244994945' });
    const planted = [first, ...Array.from({ length: 9 }, (_, i) => xTweet({ text: `post ${i} about #rust`, lang: i % 2 ? 'ja' : 'en' }))];
    const retweet = xTweet({ text: `RT @ferris: ${text}`, lang: 'en', retweetOf: first.id });
    const delivered = [...planted, retweet].filter((tweet) => server.publish(tweet).length > 0).map((tweet) => uriOf(tweet.id));
    // Matches only the rule someone else made: read (and billed) but not Trendstream's to count.
    const foreignOnly = xTweet({ text: 'about #golang', lang: 'en' });
    expect(server.publish(foreignOnly)).toEqual([foreign]);
    const sentinel = xTweet({ text: 'last #rust', lang: 'en' });
    delivered.push(...(server.publish(sentinel).length > 0 ? [uriOf(sentinel.id)] : []));
    expect(delivered).toHaveLength(12);

    await waitFor(() => postUris(posts.messages).includes(uriOf(sentinel.id)), { what: 'the last post in Kafka' });
    const uris = postUris(posts.messages);
    expect([...uris].sort()).toEqual([...delivered].sort());
    const records = decodeAll(posts.messages).flatMap((record) => (record.kind === 'post' ? [record.post] : []));
    expect(records.find((post) => post.uri === uriOf(first.id))).toEqual({
      uri: uriOf(first.id),
      statusId: first.id,
      instance: new URL(server.url).host,
      network: 'x',
      source: 'stream',
      url: uriOf(first.id),
      createdAt: Date.parse(first.created_at!),
      receivedAt: expect.any(Number),
      language: 'ja',
      text: '🦀🦀 Grüße   aus 東京   #Rust & more',
      spoilerText: '',
      hashtags: ['rust'],
      isBoost: false,
      boostOfUri: null,
      sensitive: false,
      account: { acct: '2244994945', bot: false, discoverable: null, indexable: null, noindexInBio: false },
    });
    expect(records.find((post) => post.uri === uriOf(retweet.id))).toMatchObject({ isBoost: true, boostOfUri: uriOf(first.id) });

    await hashtags.follow('zig');
    await waitFor(() => ownedRules(server).includes('#zig (lang:en OR lang:ja)'), { what: 'the rule for #zig' });
    const zig = xTweet({ text: 'hello #zig', lang: 'ja' });
    expect(server.publish(zig)).toHaveLength(1);
    await waitFor(() => postUris(posts.messages).includes(uriOf(zig.id)), { what: 'the #zig post in Kafka' });

    await hashtags.unfollow('rust');
    await waitFor(() => !ownedRules(server).includes('#rust (lang:en OR lang:ja)'), { what: 'the rule for #rust deleted' });
    expect(server.rules.map((rule) => rule.value).sort()).toEqual(['#golang', '#zig (lang:en OR lang:ja)']);
    const deleted = server.ruleChanges.filter((change) => change.action === 'delete').map((change) => change.rule.value);
    expect(deleted).toEqual(['#rust (lang:en OR lang:ja)']);
    expect(server.publish(xTweet({ text: 'too late #rust', lang: 'en' }))).toEqual([]);

    // Rules changed three times, the connection never.
    expect(server.connections).toHaveLength(1);
    expect(metricValue(app, 'ingest_reconnects_total')).toBe(0);
    expect(uris.length - new Set(uris).size).toBe(0);
  }, 60_000);

  it('counts malformed lines, unknown messages and error objects in the stream without losing the connection', async () => {
    const server = await startServer();
    const { app, posts, topics, lines } = await startLiveIngest(kafka, 'x-odd', [], xEnv(server), cleanups);
    await (await hashtagWriter(topics)).follow('news');
    await waitFor(() => ownedRules(server).length === 1 && server.connections.length === 1, { what: 'the rule and the stream' });

    server.sendRaw('this is not JSON');
    server.sendRaw('[1,2,3]');
    server.sendRaw(JSON.stringify({ data: { text: 'a post without an id #news' }, matching_rules: [] }));
    server.sendRaw(
      JSON.stringify({ errors: [{ title: 'operational-disconnect', detail: 'This stream has been disconnected upstream for operational reasons.' }] }),
    );
    server.sendRaw(JSON.stringify({ compliance: { something: 'new' } }));
    const after = plant(server, 'after the odd lines', 1);
    await waitFor(() => postUris(posts.messages).includes(after[0]!), { what: 'the post after the odd lines' });

    expect(metricValue(app, 'ingest_invalid_statuses_total')).toBe(3);
    expect(metricValue(app, 'ingest_stream_errors_total')).toBe(1);
    expect(lines.filter((line) => line.msg.includes('skipping a stream line that is not an X post'))).toHaveLength(1);
    expect(lines.some((line) => line.msg.includes('X sent an error in the stream: operational-disconnect'))).toBe(true);
    expect(app.sources[0]?.health.state).toBe('streaming');
    expect(server.connections).toHaveLength(1);
  }, 60_000);

  it('reconnects after a drop and after a silent stream, and the posts made after reconnecting arrive', async () => {
    const server = await startServer();
    const { app, posts, topics } = await startLiveIngest(kafka, 'x-faults', [], xEnv(server), cleanups);
    await (await hashtagWriter(topics)).follow('news');
    await waitFor(() => ownedRules(server).length === 1, { what: 'the rule' });
    const source = app.sources[0]!;
    const arrived = (uris: readonly string[]) => () => {
      const seen = new Set(postUris(posts.messages));
      return uris.every((uri) => seen.has(uri));
    };
    const planted = plant(server, 'before', 5);
    await waitFor(arrived(planted), { what: 'the first posts' });

    server.dropConnections();
    await server.waitForConnections(2);
    await waitFor(() => source.health.state === 'streaming', { what: 'streaming again after the drop' });
    planted.push(...plant(server, 'after the drop', 5));
    await waitFor(arrived(planted), { what: 'the posts made after the drop' });

    // Open, but no post and no keep-alive: only the stall watchdog can tell.
    server.silence(true);
    await server.waitForConnections(3);
    await waitFor(() => source.health.state === 'streaming', { what: 'streaming again after the silence' });
    planted.push(...plant(server, 'after the silence', 5));
    await waitFor(arrived(planted), { what: 'the posts made after the silence' });

    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set(planted));
    expect(uris).toHaveLength(planted.length);
    expect(metricValue(app, 'ingest_stalls_total')).toBe(1);
    expect(metricValue(app, 'ingest_reconnects_total')).toBe(2);
    // Reconnected at once both times: no 429 for a second connection, no backoff.
    expect(server.requests.filter((request) => request.path === '/2/tweets/search/stream').map((request) => request.status)).toEqual([200, 200, 200]);
  }, 60_000);

  it("says 'unauthorized' once when X refuses the token, and does not try again", async () => {
    const server = await startServer();
    server.refuse(401);
    const { app, statuses, lines } = await startLiveIngest(kafka, 'x-401', [], xEnv(server), cleanups);
    const source = app.sources[0]!;
    await waitFor(() => source.health.state === 'unauthorized', { what: 'the source unauthorized' });
    expect(source.health.detail).toContain('check X_BEARER_TOKEN');
    // Two more status reports (one every 500 ms) prove time passed without another request.
    const reportsThen = statuses.messages.length;
    await waitFor(() => statuses.messages.length >= reportsThen + 2, { what: 'two more status reports' });
    expect(server.requests.length).toBeLessThanOrEqual(2);
    expect(new Set(server.requests.map((request) => request.status))).toEqual(new Set([401]));
    const errors = lines.filter((line) => line.level === ERROR);
    expect(errors.map((line) => line.msg)).toEqual([
      expect.stringMatching(/X refused the bearer token \(.*HTTP 401.*\); check X_BEARER_TOKEN; not retrying until restart/u),
    ]);
    expect(JSON.stringify(lines)).not.toContain(server.token);
    expect(source.health.state).toBe('unauthorized');
  }, 60_000);

  it('closes the stream at the daily budget with the state shown, keeps the count across a restart, and reads nothing more that day', async () => {
    const server = await startServer();
    const prefix = uniqueTopicPrefix('x-budget');
    const topics = topicNames(prefix);
    const { start, first, posts, cursors } = await restartableIngest(kafka, liveTestConfig(prefix, xEnv(server, { X_MAX_POSTS_PER_DAY: '5' })), cleanups);
    await (await hashtagWriter(topics)).follow('news');
    await waitFor(() => ownedRules(server).length === 1 && server.connections.length === 1, { what: 'the rule and the stream' });

    const planted = plant(server, 'budget', 8);
    expect(planted).toHaveLength(8);
    const source = first.sources[0]!;
    await waitFor(() => source.health.state === 'disabled', { what: 'the source disabled' });
    expect(source.health.detail).toBe('daily budget of 5 posts reached; resumes at 00:00 UTC');
    await waitFor(() => !server.connections[0]?.open, { what: 'the stream closed' });
    // The count is saved only once the posts before it are in Kafka: then the topic holds all it will.
    const channel = `${new URL(server.url).host} budget:${utcDay(Date.now())}`;
    await waitFor(
      () => cursors.messages.some((message) => message.key === channel && Number(parseStoredCursor(message.value?.toString('utf8') ?? '')?.id) >= 5),
      {
        what: "the day's count saved",
      },
    );
    expect(postUris(posts.messages)).toEqual(planted.slice(0, 5));
    expect(await first.stop()).toBe(true);

    const second = await start();
    await waitFor(() => second.sources[0]?.health.state === 'disabled', { what: 'the restarted source disabled' });
    expect(second.sources[0]?.health.detail).toBe('daily budget of 5 posts reached; resumes at 00:00 UTC');
    expect(server.connections).toHaveLength(1);
    expect(server.requests.filter((request) => request.path === '/2/tweets/search/stream')).toHaveLength(1);
  }, 60_000);
});
