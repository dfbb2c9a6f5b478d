import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { postUris, startLiveIngest } from '../support/live-harness.js';
import { ERROR } from '../support/log-capture.js';
import { TEST_USER_TOKEN } from '../support/live-config.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('instance discovery', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('asks /api/v2/instance again with the token when limited-federation mode answers 401 to anonymous callers', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200, limitedFederation: true });
    const { app, posts, lines } = await startLiveIngest(kafka, 'limited-federation', [server], { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN }, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    expect(server.stats.rest.filter((request) => request.path === '/api/v2/instance').map((request) => request.status)).toEqual([401, 200]);
    const uri = server.publish({ text: 'on a closed instance' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(uri), { what: 'the post in Kafka' });
    expect(app.sources[0]?.health.state).toBe('streaming');
    expect(lines.filter((line) => line.level >= ERROR)).toHaveLength(0);
  }, 30_000);

  it('without a token, limited-federation mode is unauthorized at once, with one line', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, limitedFederation: true });
    const { app, lines } = await startLiveIngest(kafka, 'limited-no-token', [server], {}, cleanups);
    await app.sources[0]?.start();
    expect(app.sources[0]?.health.state).toBe('unauthorized');
    expect(server.stats.rest.map((request) => request.status)).toEqual([401]);
    expect(lines.filter((line) => line.level >= ERROR)).toHaveLength(1);
  }, 30_000);

  it('reads instance documents with null urls.streaming, version and timelines_access, and keeps the path prefix of urls.streaming', async () => {
    const nulls = await startMastodonServer({
      token: TEST_USER_TOKEN,
      pingIntervalMs: 200,
      instanceDocument: (document) => ({
        ...document,
        version: null,
        configuration: { ...(document.configuration as object), urls: { streaming: null }, timelines_access: null },
      }),
    });
    const prefixed = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200, streamingPrefix: '/streaming' });
    const { app, posts } = await startLiveIngest(kafka, 'instance-documents', [nulls, prefixed], { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN }, cleanups);
    await waitFor(() => [nulls, prefixed].every((server) => server.stats.subscribes.some((s) => s.stream === 'public')), { what: 'both streams subscribed' });
    const uris = [nulls.publish({ text: 'from the instance with nulls' }).uri as string, prefixed.publish({ text: 'from the prefixed stream' }).uri as string];
    await waitFor(() => uris.every((uri) => postUris(posts.messages).includes(uri)), { what: 'both posts in Kafka' });
    expect(app.sources.map((supervisor) => supervisor.health.state)).toEqual(['streaming', 'streaming']);
    expect(prefixed.stats.upgradesRefused).toBe(0);
    expect(nulls.stats.rest.filter((request) => request.path === '/api/v2/instance')).toHaveLength(1);
  }, 30_000);
});
