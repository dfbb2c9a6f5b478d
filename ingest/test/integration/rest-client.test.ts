import { afterEach, describe, expect, it } from 'vitest';
import { MastodonRestClient, RestError } from '../../src/mastodon/rest-client.js';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';
import { testRestClient } from '../support/rest-client.js';

describe('the REST client', () => {
  let server: MastodonTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('waits for the rate-limit window instead of running into 429', async () => {
    server = await startMastodonServer({ rateLimit: { limit: 3, windowMs: 600 } });
    const rest = testRestClient(server.url);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await rest.get('/api/v1/timelines/public', {}, new AbortController().signal);
    expect(server.stats.tooManyRequests).toBe(0);
    // 2 usable requests per window (one kept in reserve): 5 requests span at least two resets.
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('waits as long as an HTTP-date Retry-After says after a 429, not a minute', async () => {
    server = await startMastodonServer();
    const waits: number[] = [];
    const controller = new AbortController();
    const rest = new MastodonRestClient({
      baseUrl: server.url,
      token: undefined,
      timeoutMs: 2_000,
      now: Date.now,
      onRateLimitWait: (ms) => {
        waits.push(ms);
        // A wait this long is the fallback for a Retry-After that was not understood: fail now, not in a minute.
        if (ms > 5_000) controller.abort();
      },
    });
    server.answerNext(1, 429, { 'Retry-After': new Date(Date.now() + 1_000).toUTCString() });
    const response = await rest.get('/api/v1/timelines/public', {}, controller.signal);
    expect(response.status).toBe(200);
    expect(server.stats.rest.map((request) => request.status)).toEqual([429, 200]);
    expect(waits.every((ms) => ms <= 1_000)).toBe(true);
  });

  it('tells a refused token from other failures and never follows a link off the instance', async () => {
    server = await startMastodonServer({ token: 'right' });
    await expect(testRestClient(server.url, 'wrong').get('/api/v1/timelines/public', {}, new AbortController().signal)).rejects.toMatchObject({
      kind: 'unauthorized',
      status: 401,
    });
    await expect(testRestClient(server.url, 'right').get('/api/v1/nothing', {}, new AbortController().signal)).rejects.toMatchObject({
      kind: 'refused',
      status: 404,
    });
    await expect(
      testRestClient(server.url, 'right').get('https://elsewhere.example/api/v1/timelines/public', {}, new AbortController().signal),
    ).rejects.toBeInstanceOf(RestError);
    const unreachable = testRestClient('http://127.0.0.1:9');
    await expect(unreachable.get('/api/v2/instance', {}, new AbortController().signal)).rejects.toMatchObject({ kind: 'network' });
  });
});
