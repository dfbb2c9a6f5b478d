import { afterEach, describe, expect, it } from 'vitest';
import { MastodonRestClient, RestError } from '../src/mastodon/rest-client.js';
import { readTimelineForward, type TimelineStatus } from '../src/mastodon/timeline-reader.js';
import { startMastodonServer, type MastodonTestServer } from './mastodon-server/server.js';

describe('reading timelines over REST', () => {
  let server: MastodonTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  const client = (url: string, token?: string) => new MastodonRestClient({ baseUrl: url, token, timeoutMs: 2_000, now: Date.now });

  it('reads forward from a cursor through Link paging, oldest first, and stops at an empty page', async () => {
    server = await startMastodonServer();
    const cursor = server.publish({ text: 'seen already' }).id as string;
    const ids = Array.from({ length: 95 }, (_, i) => server!.publish({ text: `missed ${i}` }).id as string);
    const read: TimelineStatus[] = [];
    const result = await readTimelineForward(client(server.url), { kind: 'public' }, cursor, {
      maxPages: 10,
      signal: new AbortController().signal,
      onPage: (page) => read.push(...page),
    });
    expect(read.map((status) => status.id)).toEqual(ids);
    expect(result).toEqual({ pages: 4, statuses: 95, newestId: ids.at(-1), reachedHead: true });
    expect(server.stats.rest.slice(1).every((request) => request.query.includes('min_id='))).toBe(true);
    expect(JSON.parse(read[0]?.raw ?? '{}')).toEqual(read[0]?.json);
  });

  it('polling saves the request for the empty page after a short one', async () => {
    server = await startMastodonServer();
    const cursor = server.publish({}).id as string;
    for (let i = 0; i < 3; i++) server.publish({});
    const result = await readTimelineForward(client(server.url), { kind: 'public' }, cursor, {
      maxPages: 10,
      signal: new AbortController().signal,
      onPage: () => {},
      stopAtShortPage: true,
    });
    expect(result.pages).toBe(1);
  });

  it('stops at the page limit and says so', async () => {
    server = await startMastodonServer();
    const cursor = server.publish({}).id as string;
    for (let i = 0; i < 100; i++) server.publish({});
    const result = await readTimelineForward(client(server.url), { kind: 'public' }, cursor, { maxPages: 2, signal: new AbortController().signal, onPage: () => {} });
    expect(result).toMatchObject({ pages: 2, statuses: 80, reachedHead: false });
  });

  it('reads only the newest page without a cursor, and the local and hashtag timelines', async () => {
    server = await startMastodonServer();
    for (let i = 0; i < 50; i++) server.publish({ acct: i % 2 ? 'far@away.example' : 'near', tags: i % 5 === 0 ? ['Kafka'] : [] });
    const count = async (channel: Parameters<typeof readTimelineForward>[1]) => {
      let n = 0;
      await readTimelineForward(client(server!.url), channel, undefined, { maxPages: 5, signal: new AbortController().signal, onPage: (page) => (n += page.length) });
      return n;
    };
    expect(await count({ kind: 'public' })).toBe(40);
    expect(await count({ kind: 'local' })).toBe(25);
    expect(await count({ kind: 'hashtag', tag: 'kafka' })).toBe(10);
  });

  it('waits for the rate-limit window instead of running into 429', async () => {
    server = await startMastodonServer({ rateLimit: { limit: 3, windowMs: 600 } });
    const rest = client(server.url);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await rest.get('/api/v1/timelines/public', {}, new AbortController().signal);
    expect(server.stats.tooManyRequests).toBe(0);
    // 2 usable requests per window (one kept in reserve): 5 requests span at least two resets.
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('tells a refused token from other failures and never follows a link off the instance', async () => {
    server = await startMastodonServer({ token: 'right' });
    await expect(client(server.url, 'wrong').get('/api/v1/timelines/public', {}, new AbortController().signal)).rejects.toMatchObject({
      kind: 'unauthorized',
      status: 401,
    });
    await expect(client(server.url, 'right').get('/api/v1/nothing', {}, new AbortController().signal)).rejects.toMatchObject({ kind: 'refused', status: 404 });
    await expect(client(server.url, 'right').get('https://elsewhere.example/api/v1/timelines/public', {}, new AbortController().signal)).rejects.toBeInstanceOf(RestError);
    const unreachable = client('http://127.0.0.1:9');
    await expect(unreachable.get('/api/v2/instance', {}, new AbortController().signal)).rejects.toMatchObject({ kind: 'network' });
  });
});
