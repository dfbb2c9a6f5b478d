import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { decodeAll, metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { TEST_USER_TOKEN } from '../support/live-config.js';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

/** Audits twice a second; a status 200 ms old is one the stream should have delivered. */
const AUDITED = { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN, MASTODON_AUDIT_INTERVAL_MS: '500', MASTODON_AUDIT_GRACE_MS: '200' };

function publishAll(server: MastodonTestServer, label: string, count: number, tags: string[] = []): string[] {
  const uris: string[] = [];
  for (let i = 0; i < count; i++) uris.push(server.publish({ text: `${label} ${i}`, tags }).uri as string);
  return uris;
}

describe('a Mastodon stream that goes quiet without dropping', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('is caught by the REST audit: what it keeps back is produced from REST, and the stream is reconnected', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts } = await startLiveIngest(kafka, 'audit-silent', [server], { ...AUDITED, MASTODON_AUDIT_GRACE_MS: '0' }, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    const before = publishAll(server, 'before the silence', 3);
    await waitFor(() => before.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the first posts' });

    // Open, pinging and answering pings: the stall watchdog cannot see this. The instance goes on posting (a
    // status every 100 ms, as a busy timeline), so every audit finds statuses the stream kept back.
    server.silence();
    const kept: string[] = [];
    const feed = setInterval(() => kept.push(...publishAll(server, `kept back ${kept.length}`, 1)), 100);
    cleanups.add(() => clearInterval(feed));
    await waitFor(() => server.stats.subscribes.filter((s) => s.stream === 'public').length >= 2, { what: 'a new subscription', timeoutMs: 20_000 });
    clearInterval(feed);
    const after = publishAll(server, 'after the reconnect', 2);
    await waitFor(() => [...kept, ...after].every((uri) => postUris(posts.messages).includes(uri)), { what: 'every post', timeoutMs: 15_000 });

    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set([...before, ...kept, ...after]));
    expect(uris.length).toBe(new Set(uris).size);
    // The statuses made during the silence before the reconnect came over REST.
    const bySource = new Map(decodeAll(posts.messages).flatMap((r) => (r.kind === 'post' ? [[r.post.uri, r.post.source] as const] : [])));
    expect(bySource.get(kept[0]!)).toBe('rest');
    expect(metricValue(app, 'ingest_audit_missed_total')).toBeGreaterThanOrEqual(2);
    const reconnects = app.metrics.registry.getSingleMetric('ingest_reconnects_total') as unknown as {
      hashMap: Record<string, { labels: { reason: string } }>;
    };
    expect(Object.values(reconnects.hashMap).some((entry) => entry.labels.reason === 'missing')).toBe(true);
  }, 60_000);

  it('fills a gap in a hashtag channel that had seen no post yet, from the moment it was subscribed', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts } = await startLiveIngest(
      kafka,
      'audit-quiet-tag',
      [server],
      { ...AUDITED, MASTODON_TIMELINE: 'none', MASTODON_AUDIT_INTERVAL_MS: '0' },
      cleanups,
    );
    app.sources[0]?.setHashtags(['quiettag']);
    await waitFor(() => server.stats.subscribes.some((s) => s.tag === 'quiettag'), { what: 'the hashtag subscribed' });
    await waitFor(() => app.sources[0]?.cursorSnapshot().has('hashtag:quiettag') === true, { what: 'a read position from the subscription' });

    server.refuseUpgrades(503);
    server.dropConnections();
    const during = publishAll(server, 'tagged while disconnected', 3, ['quiettag']);
    await waitFor(() => server.stats.upgradesRefused > 0, { what: 'a refused reconnect' });
    server.refuseUpgrades(undefined);
    await waitFor(() => during.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the tagged posts, from the gap fill', timeoutMs: 15_000 });
  }, 60_000);

  it('fills a gap longer than one round of pages up to the newest status', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts } = await startLiveIngest(kafka, 'audit-long-gap', [server], { ...AUDITED, MASTODON_GAP_FILL_MAX_PAGES: '2' }, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    const first = publishAll(server, 'first', 1);
    await waitFor(() => postUris(posts.messages).includes(first[0]!), { what: 'the first post' });

    server.refuseUpgrades(503);
    server.dropConnections();
    // Five pages of 40: three rounds of two pages.
    const during = publishAll(server, 'during a long outage', 200);
    await waitFor(() => server.stats.upgradesRefused > 0, { what: 'a refused reconnect' });
    server.refuseUpgrades(undefined);
    await waitFor(() => during.every((uri) => postUris(posts.messages).includes(uri)), { what: 'all 200 posts', timeoutMs: 20_000 });
    expect(metricValue(app, 'ingest_gap_fill_truncated_total')).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
