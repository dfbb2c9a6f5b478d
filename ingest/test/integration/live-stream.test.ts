import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { decodeAll, metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { TEST_USER_TOKEN } from '../support/live-config.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('live streaming against a Mastodon protocol server', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('survives a disconnect: nothing missed, nothing duplicated, opt-outs skipped, deletes and edits forwarded', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts, statuses } = await startLiveIngest(kafka, 'disconnect', [server], { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN }, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });

    const expected: string[] = [];
    const live = (text: string) => {
      const status = server.publish({ text });
      expected.push(status.uri as string);
      return status;
    };
    const first = live('before the outage');
    live('still before');
    const optedOut = [
      server.publish({ text: 'not discoverable', acct: 'shy', account: { discoverable: false } }),
      server.publish({ text: 'not indexable', acct: 'quiet@elsewhere.example', account: { indexable: false } }),
      server.publish({ text: 'nobot in bio', acct: 'bio', account: { note: '<p>Human. #NoBot please</p>' } }),
    ].map((status) => status.uri as string);
    await waitFor(() => expected.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the first posts in Kafka' });

    // The streaming server goes away; posts keep being made on the instance meanwhile (more than a page).
    server.refuseUpgrades(503);
    server.dropConnections();
    for (let i = 0; i < 45; i++) live(`during the outage ${i}`);
    await waitFor(() => server.stats.upgradesRefused > 0, { what: 'a refused reconnect' });
    expect(app.sources[0]?.health.state).toBe('backing-off');
    server.refuseUpgrades(undefined);

    // masto sends the subscribe about a second after it adopts the socket; edits and deletes are not
    // replayed by the gap fill, so they are made once the new subscription is in place.
    await waitFor(() => server.stats.subscribes.filter((s) => s.stream === 'public').length === 2, { what: 'subscribed again' });
    expect(app.sources[0]?.health.state).toBe('streaming');
    live('after the outage');
    server.edit(first, 'before the outage (edited)');
    server.remove(first);
    await waitFor(
      () => {
        const records = decodeAll(posts.messages);
        return (
          expected.every((uri) => postUris(posts.messages).includes(uri)) &&
          records.some((r) => r.kind === 'updated') &&
          records.some((r) => r.kind === 'deleted')
        );
      },
      { what: 'every post, the edit and the delete in Kafka' },
    );

    expect(await app.stop()).toBe(true);
    const records = decodeAll(await posts.drain());
    const uris = postUris(posts.messages);
    expect(uris.length).toBe(new Set(uris).size);
    expect(new Set(uris)).toEqual(new Set(expected));
    for (const uri of optedOut) expect(uris).not.toContain(uri);
    expect(records.filter((r) => r.kind === 'updated').map((r) => r.kind === 'updated' && r.post.text)).toEqual(['before the outage (edited)']);
    expect(records.filter((r) => r.kind === 'deleted').map((r) => r.kind === 'deleted' && r.uri)).toEqual([first.uri]);
    expect(metricValue(app, 'ingest_gap_fill_statuses_total')).toBeGreaterThanOrEqual(45);
    expect(metricValue(app, 'ingest_opted_out_skipped_total')).toBeGreaterThanOrEqual(3);

    const states = (await statuses.drain()).map((m) => (JSON.parse(m.value?.toString('utf8') ?? '{}') as InstanceHealth).state);
    expect(states).toEqual(expect.arrayContaining(['starting', 'streaming', 'backing-off', 'stopped']));
  }, 60_000);

  it('skips odd frames (not JSON, null, no stream, object, empty or truncated payloads) without ending the stream or setting hashtags aside', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    // The local timeline, so a remote post can only arrive through the hashtag channel.
    const { app, posts, topics, lines } = await startLiveIngest(
      kafka,
      'odd-frames',
      [server],
      { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN, MASTODON_TIMELINE: 'local' },
      cleanups,
    );
    const producer = kafka.producer();
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    await new FollowedHashtagsWriter(producer, topics.hashtags).follow('rust');
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'hashtag' && s.tag === 'rust'), { what: 'the rust channel subscribed' });

    // Right after the subscription, where a session ended by them would set #rust aside as refused.
    const odd = [
      'not json',
      'null',
      '{"event":"update","payload":"{}"}',
      '{"stream":["public:local"],"event":"update","payload":{"id":"1"}}',
      '{"stream":["public:local"],"event":"update","payload":""}',
      '{"stream":["hashtag","rust"],"event":"update","payload":"{\\"id\\":"}',
    ];
    for (const frame of odd) server.sendRaw(frame);
    const local = server.publish({ text: 'after the odd frames' }).uri as string;
    const tagged = server.publish({ text: 'a remote post', acct: 'ferris@crab.example', tags: ['rust'] }).uri as string;
    await waitFor(() => [local, tagged].every((uri) => postUris(posts.messages).includes(uri)), { what: 'both posts in Kafka' });

    expect(server.stats.upgrades).toBe(1);
    expect(metricValue(app, 'ingest_reconnects_total')).toBe(0);
    expect(metricValue(app, 'ingest_rejected_hashtags_total')).toBe(0);
    expect(metricValue(app, 'ingest_invalid_statuses_total')).toBe(odd.length);
    expect(app.sources[0]?.health.state).toBe('streaming');
    // One warning for the session, not one per frame.
    expect(lines.filter((line) => line.msg.includes('not the protocol'))).toHaveLength(1);
  }, 30_000);

  it('detects a silent stall, reconnects and fills the gap', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    const { app, posts } = await startLiveIngest(
      kafka,
      'stall',
      [server],
      { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN, MASTODON_STALL_TIMEOUT_MS: '1000' },
      cleanups,
    );
    await waitFor(() => server.stats.subscribes.length === 1, { what: 'the public stream subscribed' });
    const expected = [server.publish({ text: 'before the stall' }).uri as string];
    await waitFor(() => postUris(posts.messages).includes(expected[0] ?? ''), { what: 'the first post in Kafka' });

    // The connection stays open but nothing comes through: no events, no pings, no pongs.
    server.pause();
    for (let i = 0; i < 5; i++) expected.push(server.publish({ text: `unheard ${i}` }).uri as string);
    await waitFor(() => metricValue(app, 'ingest_stalls_total') === 1, { what: 'the stall detected' });
    await waitFor(() => expected.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the unheard posts in Kafka' });

    expect(await app.stop()).toBe(true);
    const uris = postUris(await posts.drain());
    expect(uris.length).toBe(new Set(uris).size);
    expect(new Set(uris)).toEqual(new Set(expected));
    expect(server.stats.upgrades).toBe(2);
  }, 60_000);

  it('streams from a server that takes the token only from the Authorization header and echoes no subprotocol', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200, streamingAuth: 'header' });
    const { app, posts } = await startLiveIngest(kafka, 'header-auth', [server], { MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN }, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    const uri = server.publish({ text: 'heard over a header-authenticated socket' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(uri), { what: 'the post in Kafka' });
    expect(app.sources[0]?.health.state).toBe('streaming');
    // The first handshake (token also as a subprotocol) fails on the client side; the second one is used.
    expect(server.stats.upgrades).toBe(2);
    expect(server.stats.upgradesRefused).toBe(0);
    expect(metricValue(app, 'ingest_reconnects_total')).toBe(0);
  }, 30_000);
});
