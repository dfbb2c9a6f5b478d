import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceHealth, TrendsResponse } from '@trendstream/contracts/api-types';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka } from '@trendstream/testkit/kafka';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { encodePosts, generatePosts } from '../support/posts.js';
import { appliedOffsets, produce, startProcessor, testStack } from '../support/stack.js';

const TOKEN = 'test-admin-token-0123456789';

describe('HTTP API and its security rules', () => {
  // No lateness: the window then ends at the newest post, so every post produced here is inside it.
  const stack = testStack({ ADMIN_TOKEN: TOKEN, ALLOWED_ORIGINS: 'http://dashboard.example', ALLOWED_LATENESS_SECONDS: '0' });
  let processor: Processor;
  let url: string;

  beforeAll(async () => {
    ({ processor, url } = await startProcessor(stack));
    const posts = generatePosts(400, Date.now() - 60_000);
    await produce(stack.prefix, encodePosts(posts));
    await waitFor(async () => (await appliedOffsets(stack.database)) === posts.length, { what: 'posts applied', timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await processor.close();
    await dropDatabase(stack.database);
  });

  const bearer = { authorization: `Bearer ${TOKEN}` };

  it('serves trends with count and score, sorted by count or score', async () => {
    const byCount = await processor.http.inject({ url: '/api/trends?window=5m&limit=5' });
    expect(byCount.statusCode).toBe(200);
    const body = byCount.json<{ window: string; asOf: string; words: Array<{ word: string; count: number; score: number }> }>();
    expect(body.window).toBe('5m');
    expect(Number.isNaN(Date.parse(body.asOf))).toBe(false);
    expect(body.words.length).toBe(5);
    expect(body.words.map((w) => w.count)).toEqual([...body.words.map((w) => w.count)].sort((a, b) => b - a));
    const byScore = (await processor.http.inject({ url: '/api/trends?window=5m&limit=5&sort=score' })).json<typeof body>();
    expect(byScore.words.map((w) => w.score)).toEqual([...byScore.words.map((w) => w.score)].sort((a, b) => b - a));
    const german = (await processor.http.inject({ url: '/api/trends?window=5m&lang=de' })).json<typeof body>();
    expect(german.words[0]!.count).toBeLessThan(body.words[0]!.count);
  });

  it('serves a word series with one point per bucket', async () => {
    const response = await processor.http.inject({ url: '/api/words/kafka/series?window=1m' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ points: Array<{ t: string; count: number }>; bucketSeconds: number }>();
    expect(body.points).toHaveLength(12);
    expect(body.points.some((point) => point.count > 0)).toBe(true);
  });

  it('answers bad queries with 400 and a message, never a stack trace', async () => {
    const response = await processor.http.inject({ url: '/api/trends?window=7m' });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/unknown window "7m"/u);
    expect(response.body).not.toMatch(/at .*\.js:\d+/u);
  });

  it('refuses hashtag writes without the token, and accepts them with it', async () => {
    expect((await processor.http.inject({ method: 'PUT', url: '/api/hashtags/kafka' })).statusCode).toBe(401);
    expect((await processor.http.inject({ method: 'PUT', url: '/api/hashtags/kafka', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const created = await processor.http.inject({ method: 'PUT', url: '/api/hashtags/Kafka', headers: bearer });
    expect(created.statusCode).toBe(201);
    expect((await processor.http.inject({ url: '/api/hashtags' })).json()).toEqual({ hashtags: ['kafka'] });
    expect((await processor.http.inject({ method: 'DELETE', url: '/api/hashtags/kafka', headers: bearer })).statusCode).toBe(200);
    expect((await processor.http.inject({ url: '/api/hashtags' })).json()).toEqual({ hashtags: [] });
  });

  it('counts trends inside a followed hashtag from the moment it is followed', async () => {
    expect((await processor.http.inject({ method: 'PUT', url: '/api/hashtags/trend1', headers: bearer })).statusCode).toBe(201);
    const before = await appliedOffsets(stack.database);
    const posts = generatePosts(300, Date.now() - 15_000, 10).map((post) => ({ ...post, uri: `${post.uri}/tagged` }));
    await produce(stack.prefix, encodePosts(posts));
    await waitFor(async () => (await appliedOffsets(stack.database)) === before + posts.length, { what: 'tagged posts applied', timeoutMs: 60_000 });
    const tagged = (await processor.http.inject({ url: '/api/trends?window=5m&tag=trend1&limit=50' })).json<TrendsResponse>();
    const seen = new Set<string>();
    const expected = posts.filter((post) => !seen.has(post.uri) && seen.add(post.uri) && !post.isBoost && post.hashtags.includes('trend1')).length;
    expect(tagged.tag).toBe('trend1');
    expect(tagged.words.find((entry) => entry.word === '#trend1')?.count).toBe(expected);
    expect(tagged.words.some((entry) => entry.word === '#trend0')).toBe(false);
    await processor.http.inject({ method: 'DELETE', url: '/api/hashtags/trend1', headers: bearer });
  });

  it('rejects a tag with SQL metacharacters', async () => {
    const response = await processor.http.inject({
      method: 'PUT',
      url: `/api/hashtags/${encodeURIComponent("x'; DROP TABLE word_counts; --")}`,
      headers: bearer,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/invalid hashtag/u);
    expect((await processor.http.inject({ url: '/api/trends?window=5m' })).statusCode).toBe(200);
  });

  it('refuses browser requests from origins not in ALLOWED_ORIGINS', async () => {
    const foreign = await processor.http.inject({ url: '/api/trends', headers: { origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    const listed = await processor.http.inject({ url: '/api/trends', headers: { origin: 'http://dashboard.example' } });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe('http://dashboard.example');
  });

  it('answers the preflight a listed origin sends before a hashtag write (it was a 404, so such pages could not write)', async () => {
    const preflight = await processor.http.inject({
      method: 'OPTIONS',
      url: '/api/hashtags/kafka',
      headers: { origin: 'http://dashboard.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://dashboard.example');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    const foreign = await processor.http.inject({
      method: 'OPTIONS',
      url: '/api/hashtags/kafka',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('checks the token before the body, ignores bodies, and takes the scheme in any case', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await processor.http.inject({ method: 'PUT', url: '/api/hashtags/bodies', headers: form, payload: '' })).statusCode).toBe(401);
    const emptyJson = await processor.http.inject({
      method: 'PUT',
      url: '/api/hashtags/bodies',
      headers: { 'content-type': 'application/json', authorization: `bearer ${TOKEN}` },
      payload: '',
    });
    expect([200, 201]).toContain(emptyJson.statusCode);
    const withForm = await processor.http.inject({ method: 'DELETE', url: '/api/hashtags/bodies', headers: { ...form, ...bearer }, payload: 'x=1' });
    expect(withForm.json()).toEqual({ tag: 'bodies', followed: false });
  });

  it('reads parameters as clients send them: empty means unset, EN-us is en, a hashtag word as the tokenizer stores it', async () => {
    const blank = await processor.http.inject({ url: '/api/trends?limit=&window=&sort=&lang=' });
    expect(blank.statusCode).toBe(200);
    expect(blank.json<TrendsResponse>()).toMatchObject({ window: '5m' });
    const explicit = await processor.http.inject({ url: '/api/trends?window=5m&limit=20&sort=count' });
    expect(blank.json<TrendsResponse>().words).toEqual(explicit.json<TrendsResponse>().words);
    const upper = await processor.http.inject({ url: '/api/trends?window=5m&lang=EN-us' });
    const lower = await processor.http.inject({ url: '/api/trends?window=5m&lang=en' });
    expect(upper.statusCode).toBe(200);
    expect(upper.json<TrendsResponse>().words).toEqual(lower.json<TrendsResponse>().words);
    const series = await processor.http.inject({ url: `/api/words/${encodeURIComponent('#TREND1')}/series?window=5m` });
    expect(series.json<{ points: Array<{ count: number }> }>().points.some((point) => point.count > 0)).toBe(true);
  });

  it('answers a malformed URL and an over-long tag in the documented error shape', async () => {
    const badUrl = await processor.http.inject({ url: '/api/words/%FF/series' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toMatchObject({ error: 'bad_request' });
    const longTag = await processor.http.inject({ method: 'PUT', url: `/api/hashtags/${encodeURIComponent(`#${'é'.repeat(101)}`)}`, headers: bearer });
    expect(longTag.statusCode).toBe(400);
    expect(longTag.json<{ error: string; message: string }>()).toMatchObject({
      error: 'bad_request',
      message: expect.stringMatching(/at most 100/u) as unknown,
    });
  });

  it('refuses a cross-origin socket.io handshake and accepts an allowed one', async () => {
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(url, { transports: ['websocket'], extraHeaders: { origin }, reconnection: false });
        socket.on('trends:snapshot', () => {
          socket.close();
          resolve('snapshot');
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    expect(await attempt('https://evil.example')).toBe('refused');
    expect(await attempt('http://dashboard.example')).toBe('snapshot');
  });

  it('shows the instance states the ingest publishes on ingest.status', async () => {
    const producer = testKafka('processor-test').producer();
    await producer.connect();
    const status = { instance: 'mastodon.example', state: 'streaming', updatedAt: new Date().toISOString() };
    await producer.send({ topic: topicNames(stack.prefix).ingestStatus, messages: [{ key: status.instance, value: JSON.stringify(status) }] });
    await producer.disconnect();
    await waitFor(
      async () => {
        const health = (await processor.http.inject({ url: '/api/health' })).json<{ instances: InstanceHealth[] }>();
        const { stale, reportAgeSeconds, ...reported } = health.instances[0] ?? {};
        // As published, plus the processor's judgement of its age (health/source-staleness.ts).
        return health.instances.length === 1 && JSON.stringify(reported) === JSON.stringify(status) && stale === false && typeof reportAgeSeconds === 'number';
      },
      { what: 'instance state in /api/health', timeoutMs: 20_000 },
    );
  });

  it('reports health and Prometheus metrics', async () => {
    const health = await processor.http.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', kafka: 'up', mysql: 'up', consumerLag: 0, replay: true });
    const metrics = await processor.http.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/trendstream_posts_counted_total \d+/u);
    expect(metrics.body).toMatch(/trendstream_posts_in_total\{source="replay",instance="origin.example"\} \d+/u);
  });
});

describe('hashtag writes with no ADMIN_TOKEN configured', () => {
  const stack = testStack();
  let processor: Processor;
  beforeAll(async () => ({ processor } = await startProcessor(stack)));
  afterAll(async () => {
    await processor.close();
    await dropDatabase(stack.database);
  });

  it('are refused with a message saying how to set one', async () => {
    const response = await processor.http.inject({ method: 'PUT', url: '/api/hashtags/kafka', headers: { authorization: 'Bearer anything' } });
    expect(response.statusCode).toBe(503);
    expect(response.json<{ message: string }>().message).toMatch(/set ADMIN_TOKEN/u);
  });
});
