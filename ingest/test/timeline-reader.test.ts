import { afterEach, describe, expect, it } from 'vitest';
import { MastodonRestClient, RestError } from '../src/mastodon/rest-client.js';
import { needsUserToken, readTimelineForward, type TimelineStatus } from '../src/mastodon/timeline-reader.js';
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

  it('pages on when the Link URLs name another origin (Mastodon builds them from LOCAL_DOMAIN), on our own origin', async () => {
    server = await startMastodonServer({ linkOrigin: 'https://mastodon.example' });
    const cursor = server.publish({ acct: 'near' }).id as string;
    const ids = Array.from({ length: 95 }, () => server!.publish({ acct: 'near' }).id as string);
    for (let i = 0; i < 5; i++) server.publish({ acct: 'far@away.example' });
    const read: string[] = [];
    const result = await readTimelineForward(client(server.url, 'a-token'), { kind: 'local' }, cursor, {
      maxPages: 10,
      signal: new AbortController().signal,
      onPage: (page) => read.push(...page.map((status) => status.id)),
    });
    expect(read).toEqual(ids);
    expect(result).toMatchObject({ pages: 4, reachedHead: true });
    // The link's query is kept (local=true included), the host is ours.
    expect(server.stats.rest.slice(1).every((request) => request.query.includes('local=true') && request.query.includes('min_id='))).toBe(true);
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

  it('tells a timeline that needs a (user) token, 401, 403 or 422, from other refusals', async () => {
    server = await startMastodonServer({ timelinesAccess: { live_feeds: { local: 'public', remote: 'authenticated' }, hashtag_feeds: { local: 'public', remote: 'public' } } });
    const signal = new AbortController().signal;
    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
    const anonymous = await failure(client(server.url).get('/api/v1/timelines/public', {}, signal));
    expect(anonymous).toMatchObject({ status: 422 });
    expect(needsUserToken(anonymous)).toBe(true);
    server.answerNext(1, 403);
    expect(needsUserToken(await failure(client(server.url).get('/api/v1/timelines/public', { local: 'true' }, signal)))).toBe(true);
    expect(needsUserToken(await failure(client(server.url).get('/api/v1/nothing', {}, signal)))).toBe(false);
    server.answerNext(1, 503);
    expect(needsUserToken(await failure(client(server.url).get('/api/v1/timelines/public', { local: 'true' }, signal)))).toBe(false);
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
