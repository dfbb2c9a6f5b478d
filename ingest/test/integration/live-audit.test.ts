import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { IngestApp } from '../../src/app.js';
import { decodeAll, metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { TEST_USER_TOKEN } from '../support/live-config.js';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

/**
 * Audits as often as the REST budget allows (every 3 s for one channel: auditInterval() stretches the 500 ms);
 * a status 200 ms old is one the stream should have delivered.
 */
const AUDITED = { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN, MASTODON_AUDIT_INTERVAL_MS: '500', MASTODON_AUDIT_GRACE_MS: '200' };

/** REST reads of the public timeline: every one after the first subscription is an audit's. */
function publicReads(server: MastodonTestServer): number {
  return server.stats.rest.filter((request) => request.path === '/api/v1/timelines/public').length;
}

function reconnectReasons(app: IngestApp): string[] {
  const reconnects = app.metrics.registry.getSingleMetric('ingest_reconnects_total') as unknown as {
    hashMap: Record<string, { labels: { reason: string } }>;
  };
  return Object.values(reconnects.hashMap).map((entry) => entry.labels.reason);
}

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
    expect(reconnectReasons(app)).toContain('missing');
  }, 60_000);

  it('is reconnected on a quiet timeline too, where the audit finds every post younger than the grace period', async () => {
    // An audit every 3 s (one channel) finds each post at most about half the grace period old: none is missed
    // when found, so only the rule for the statuses it produced young can end the session.
    const GRACE_MS = 6_000;
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts } = await startLiveIngest(kafka, 'audit-quiet', [server], { ...AUDITED, MASTODON_AUDIT_GRACE_MS: String(GRACE_MS) }, cleanups);
    const subscriptions = () => server.stats.subscribes.filter((s) => s.stream === 'public').length;
    const missed = () => metricValue(app, 'ingest_audit_missed_total');
    const postsByUri = () => new Map(decodeAll(posts.messages).flatMap((r) => (r.kind === 'post' ? [[r.post.uri, r.post] as const] : [])));
    await waitFor(() => subscriptions() === 1, { what: 'the public stream subscribed' });
    const before = publishAll(server, 'before the silence', 1);
    await waitFor(() => postUris(posts.messages).includes(before[0]!), { what: 'the first post' });
    server.silence();

    // One post: produced from REST while young, then held against the stream once it is past the grace period.
    const lone = publishAll(server, 'alone', 1);
    const found = await waitFor(() => postsByUri().get(lone[0]!), { what: 'the lone post, from the audit' });
    expect(found.source).toBe('rest');
    expect(found.receivedAt - found.createdAt).toBeLessThan(GRACE_MS);
    await waitFor(() => missed() === 1, { what: 'the lone post counted as missed' });
    const reads = publicReads(server);
    // Two more reads: the round after the one that counted it is over (nothing new, one read per round).
    await waitFor(() => publicReads(server) >= reads + 2, { what: 'another audit round' });
    expect(missed()).toBe(1);
    expect(subscriptions()).toBe(1);

    // A post every 500 ms: each round finds a few, all young, and counts those earlier rounds found once they are
    // past the grace period: two rounds in a row with misses end the session.
    const quiet: string[] = [];
    const feed = setInterval(() => quiet.push(...publishAll(server, `quiet ${quiet.length}`, 1)), 500);
    cleanups.add(() => clearInterval(feed));
    await waitFor(() => subscriptions() >= 2, { what: 'a new subscription', timeoutMs: 30_000 });
    clearInterval(feed);
    const after = publishAll(server, 'after the reconnect', 2);
    const planted = [...before, ...lone, ...quiet, ...after];
    await waitFor(() => planted.every((uri) => postsByUri().has(uri)), { what: 'every post', timeoutMs: 15_000 });

    // Every post exactly once; none was old when it reached us, so only the awaited ones can have been missed.
    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set(planted));
    expect(uris.length).toBe(planted.length);
    const byUri = postsByUri();
    for (const uri of [...lone, ...quiet]) expect(byUri.get(uri)!.receivedAt - byUri.get(uri)!.createdAt).toBeLessThan(GRACE_MS);
    expect(reconnectReasons(app)).toEqual(['missing']);
    // The lone post and at least one in each of the two rounds, none counted twice (those still awaited when the
    // session ended are forgotten).
    expect(missed()).toBeGreaterThanOrEqual(3);
    expect(missed()).toBeLessThanOrEqual(lone.length + quiet.length);
  }, 90_000);

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
