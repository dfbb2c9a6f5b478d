import { afterEach, describe, expect, it } from 'vitest';
import { needsUserToken, readTimelineForward, type TimelineStatus } from '../../src/mastodon/timeline-reader.js';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';
import { testRestClient } from '../support/rest-client.js';

describe('reading timelines over REST', () => {
  let server: MastodonTestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('reads forward from a cursor through Link paging, oldest first, and stops at an empty page', async () => {
    server = await startMastodonServer();
    const cursor = server.publish({ text: 'seen already' }).id as string;
    const ids = Array.from({ length: 95 }, (_, i) => server!.publish({ text: `missed ${i}` }).id as string);
    const read: TimelineStatus[] = [];
    const result = await readTimelineForward(testRestClient(server.url), { kind: 'public' }, cursor, {
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
    const result = await readTimelineForward(testRestClient(server.url, 'a-token'), { kind: 'local' }, cursor, {
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
    const result = await readTimelineForward(testRestClient(server.url), { kind: 'public' }, cursor, {
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
    const result = await readTimelineForward(testRestClient(server.url), { kind: 'public' }, cursor, {
      maxPages: 2,
      signal: new AbortController().signal,
      onPage: () => {},
    });
    expect(result).toMatchObject({ pages: 2, statuses: 80, reachedHead: false });
  });

  it('reads only the newest page without a cursor, and the local and hashtag timelines', async () => {
    server = await startMastodonServer();
    for (let i = 0; i < 50; i++) server.publish({ acct: i % 2 ? 'far@away.example' : 'near', tags: i % 5 === 0 ? ['Kafka'] : [] });
    const count = async (channel: Parameters<typeof readTimelineForward>[1]) => {
      let n = 0;
      await readTimelineForward(testRestClient(server!.url), channel, undefined, {
        maxPages: 5,
        signal: new AbortController().signal,
        onPage: (page) => (n += page.length),
      });
      return n;
    };
    expect(await count({ kind: 'public' })).toBe(40);
    expect(await count({ kind: 'local' })).toBe(25);
    expect(await count({ kind: 'hashtag', tag: 'kafka' })).toBe(10);
  });

  it('tells a timeline that needs a (user) token, 401, 403 or 422, from other refusals', async () => {
    server = await startMastodonServer({
      timelinesAccess: { live_feeds: { local: 'public', remote: 'authenticated' }, hashtag_feeds: { local: 'public', remote: 'public' } },
    });
    const signal = new AbortController().signal;
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    const anonymous = await failure(testRestClient(server.url).get('/api/v1/timelines/public', {}, signal));
    expect(anonymous).toMatchObject({ status: 422 });
    expect(needsUserToken(anonymous)).toBe(true);
    server.answerNext(1, 403);
    expect(needsUserToken(await failure(testRestClient(server.url).get('/api/v1/timelines/public', { local: 'true' }, signal)))).toBe(true);
    expect(needsUserToken(await failure(testRestClient(server.url).get('/api/v1/nothing', {}, signal)))).toBe(false);
    server.answerNext(1, 503);
    expect(needsUserToken(await failure(testRestClient(server.url).get('/api/v1/timelines/public', { local: 'true' }, signal)))).toBe(false);
  });
});
