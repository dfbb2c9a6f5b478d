import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('polling where streaming is not possible', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('polls the REST timeline without a token, pages through a burst and never exceeds the rate limit', async () => {
    const server = await startMastodonServer({ rateLimit: { limit: 5, windowMs: 1_500 } });
    const { app, posts } = await startLiveIngest(kafka, 'polling', [server], {}, cleanups);
    await waitFor(() => server.stats.rest.some((request) => request.path === '/api/v1/timelines/public'), { what: 'the first poll' });
    expect(app.sources[0]?.health.state).toBe('polling');

    const expected = Array.from({ length: 100 }, (_, i) => server.publish({ text: `burst ${i}` }).uri as string);
    await waitFor(() => expected.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the whole burst in Kafka', timeoutMs: 30_000 });

    expect(server.stats.tooManyRequests).toBe(0);
    expect(metricValue(app, 'ingest_rate_limit_waits_total')).toBeGreaterThan(0);
    expect(server.stats.upgrades).toBe(0);
    expect(await app.stop()).toBe(true);
    const uris = postUris(await posts.drain());
    expect(uris.length).toBe(new Set(uris).size);
  }, 60_000);

  it('falls back to polling when the streaming server refuses the upgrade (not with 401)', async () => {
    const server = await startMastodonServer({ token: 'a-user-token' });
    server.refuseUpgrades(403);
    const { app, posts, lines } = await startLiveIngest(kafka, 'refused-stream', [server], { MASTODON_ACCESS_TOKEN: 'a-user-token' }, cleanups);
    await waitFor(() => app.sources[0]?.health.state === 'polling', { what: 'polling' });
    expect(server.stats.upgradesRefused).toBe(1);
    expect(lines.some((line) => line.msg.includes('streaming refused') && line.msg.includes('polling'))).toBe(true);
    const uri = server.publish({ text: 'read by polling' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(uri), { what: 'the post in Kafka' });
  }, 60_000);
});
