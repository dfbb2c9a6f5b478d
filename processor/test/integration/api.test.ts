import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/schema/api-types';
import type { Processor } from '../../src/app.js';
import { topicNames } from '@trendstream/schema/topics';
import { appliedOffsets, dropDatabase, encodePosts, generatePosts, kafka, produce, startProcessor, testStack, waitFor } from '../helpers.js';

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
    await waitFor('posts applied', async () => (await appliedOffsets(stack.database)) === posts.length);
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
    await waitFor('tagged posts applied', async () => (await appliedOffsets(stack.database)) === before + posts.length);
    const tagged = (await processor.http.inject({ url: '/api/trends?window=5m&tag=trend1&limit=50' })).json<TrendsResponse>();
    const seen = new Set<string>();
    const expected = posts.filter((post) => !seen.has(post.uri) && seen.add(post.uri) && !post.isBoost && post.hashtags.includes('trend1')).length;
    expect(tagged.tag).toBe('trend1');
    expect(tagged.words.find((entry) => entry.word === '#trend1')?.count).toBe(expected);
    expect(tagged.words.some((entry) => entry.word === '#trend0')).toBe(false);
    await processor.http.inject({ method: 'DELETE', url: '/api/hashtags/trend1', headers: bearer });
  });

  it('rejects a tag with SQL metacharacters', async () => {
    const response = await processor.http.inject({ method: 'PUT', url: `/api/hashtags/${encodeURIComponent("x'; DROP TABLE word_counts; --")}`, headers: bearer });
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
    const producer = kafka().producer();
    await producer.connect();
    const status = { instance: 'mastodon.example', state: 'streaming', updatedAt: new Date().toISOString() };
    await producer.send({ topic: topicNames(stack.prefix).ingestStatus, messages: [{ key: status.instance, value: JSON.stringify(status) }] });
    await producer.disconnect();
    await waitFor('instance state in /api/health', async () => {
      const health = (await processor.http.inject({ url: '/api/health' })).json<{ instances: unknown[] }>();
      return health.instances.length === 1 && JSON.stringify(health.instances[0]) === JSON.stringify(status);
    }, 20_000);
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
