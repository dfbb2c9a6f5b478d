import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { parseStoredCursor } from '../../src/sources/cursor-records.js';
import { decodeAll, restartableIngest, metricValue, postUris, startLiveIngest } from '../support/live-harness.js';
import { liveTestConfig } from '../support/live-config.js';
import { atUri, likeCreate, identityEvent, plcDid, postCreate, postDelete, tid } from '@trendstream/testkit/jetstream-posts';
import { startJetstreamTestServer, type JetstreamTestServer } from '@trendstream/testkit/jetstream-server';

const kafka = testKafka();

/** Fast failure detection: a silent feed is noticed after a second. */
const FAST = {
  BLUESKY_STALL_TIMEOUT_MS: '1000',
  BLUESKY_BACKOFF_INITIAL_MS: '100',
  BLUESKY_BACKOFF_MAX_MS: '400',
  BLUESKY_REWIND_MS: '2000',
};

/** Publishes `count` posts, each a distinct author and text; returns their AT URIs. */
function plant(server: JetstreamTestServer, label: string, count: number): string[] {
  const uris: string[] = [];
  for (let i = 0; i < count; i++) {
    const did = plcDid(`${label}-${i}`);
    const event = server.publish(postCreate({ did, text: `${label} number ${i} says hello`, langs: ['en'], hashtags: ['trendstream'] }));
    uris.push(atUri(did, (event as { commit: { rkey: string } }).commit.rkey));
  }
  return uris;
}

function duplicates(uris: readonly string[]): number {
  return uris.length - new Set(uris).size;
}

describe('Bluesky through Jetstream', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function startServer(): Promise<JetstreamTestServer> {
    const server = await startJetstreamTestServer();
    cleanups.add(() => server.close());
    return server;
  }

  it('produces every post once with its words, language and hashtags; counts odd frames; forwards only deletes that may matter', async () => {
    const server = await startServer();
    const { app, posts } = await startLiveIngest(kafka, 'bsky', [], { BLUESKY_JETSTREAM_URL: server.url, ...FAST }, cleanups);
    await server.waitForConnections(1);
    expect(server.connections[0]?.wantedCollections).toEqual(['app.bsky.feed.post']);
    await waitFor(() => app.sources[0]?.health.state === 'streaming', { what: 'the source streaming' });

    const planted = plant(server, 'first', 20);
    server.publish(likeCreate());
    server.publish(identityEvent(plcDid('someone')));
    server.sendRaw('this is not JSON');
    server.sendRaw(
      JSON.stringify({
        did: plcDid('bad'),
        time_us: 1,
        kind: 'commit',
        commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'x', record: { text: 7 } },
      }),
    );
    const deletedDid = plcDid('first-0');
    const deletedRkey = planted[0]!.split('/').at(-1)!;
    server.publish(postDelete(deletedDid, deletedRkey));
    // A delete of a post made two days ago: it is in no window, so it is not forwarded.
    server.publish(postDelete(plcDid('old'), tid((Date.now() - 2 * 86_400_000) * 1000)));
    const last = plant(server, 'after-odd-frames', 1);

    await waitFor(() => postUris(posts.messages).includes(last[0]!), { what: 'the post after the odd frames' });
    await waitFor(() => decodeAll(posts.messages).some((record) => record.kind === 'deleted'), { what: 'the delete' });
    const records = decodeAll(posts.messages);
    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set([...planted, ...last]));
    expect(duplicates(uris)).toBe(0);
    const first = records.find((record) => record.kind === 'post' && record.post.uri === planted[1]);
    expect(first?.kind === 'post' && first.post).toMatchObject({
      network: 'bluesky',
      instance: new URL(server.url).host,
      language: 'en',
      hashtags: ['trendstream'],
      text: 'first number 1 says hello #trendstream',
    });
    expect(records.filter((record) => record.kind === 'deleted')).toEqual([expect.objectContaining({ kind: 'deleted', uri: planted[0], network: 'bluesky' })]);
    expect(metricValue(app, 'ingest_invalid_statuses_total')).toBe(2);
    expect(metricValue(app, 'ingest_deletes_unknown_total')).toBe(1);
    expect(app.sources[0]?.health.state).toBe('streaming');
  }, 60_000);

  it('loses nothing when the connection drops, the feed goes silent, the server freezes or refuses for a while', async () => {
    const server = await startServer();
    const { app, posts } = await startLiveIngest(kafka, 'bsky-faults', [], { BLUESKY_JETSTREAM_URL: server.url, ...FAST }, cleanups);
    await server.waitForConnections(1);
    const planted: string[] = [];
    const arrived = (uris: readonly string[]) => () => {
      const seen = new Set(postUris(posts.messages));
      return uris.every((uri) => seen.has(uri));
    };

    planted.push(...plant(server, 'before', 10));
    await waitFor(arrived(planted), { what: 'the first posts' });

    server.dropConnections();
    planted.push(...plant(server, 'dropped', 10));
    await server.waitForConnections(2);
    await waitFor(arrived(planted), { what: 'the posts made around the drop' });

    // Open, answering pings, delivering nothing: only the missing posts can tell.
    server.silence(true);
    planted.push(...plant(server, 'silent', 10));
    await server.waitForConnections(3, 10_000);
    await waitFor(arrived(planted), { what: 'the posts the silent feed kept back' });
    server.silence(false);

    server.freeze(true);
    planted.push(...plant(server, 'frozen', 10));
    await server.waitForConnections(4, 10_000);
    await waitFor(arrived(planted), { what: 'the posts made while the server was frozen' });
    server.freeze(false);

    server.refuseConnections(503);
    server.dropConnections();
    planted.push(...plant(server, 'refused', 10));
    await waitFor(() => app.sources[0]?.health.state === 'backing-off', { what: 'the source backing off' });
    server.refuseConnections(undefined);
    await waitFor(arrived(planted), { what: 'the posts made while the server refused connections' });

    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set(planted));
    expect(duplicates(uris)).toBe(0);
    expect(metricValue(app, 'ingest_stalls_total')).toBeGreaterThanOrEqual(2);
    // Every reconnect asked for the past: from the last post read, less the rewind.
    for (const connection of server.connections.slice(1)) expect(connection.cursor).toBeDefined();
  }, 90_000);

  it('resumes after a restart from the cursor saved in ingest.cursors, so posts made while it was down arrive', async () => {
    const server = await startServer();
    const prefix = uniqueTopicPrefix('bsky-resume');
    const config = liveTestConfig(prefix, { BLUESKY_JETSTREAM_URL: server.url, ...FAST });
    const { start, first, posts, cursors } = await restartableIngest(kafka, config, cleanups);
    await server.waitForConnections(1);
    const before = plant(server, 'before-restart', 5);
    await waitFor(() => before.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the first posts in Kafka' });
    expect(await first.stop()).toBe(true);
    const saved = cursors.messages.at(-1);
    expect(saved?.key).toBe(`${new URL(server.url).host} jetstream`);
    const savedCursor = Number(parseStoredCursor(saved?.value?.toString('utf8') ?? '')?.id);

    const during = plant(server, 'while-down', 30);
    await start();
    await server.waitForConnections(2);
    expect(server.connections[1]?.cursor).toBe(savedCursor - 2_000_000);
    const after = plant(server, 'after-restart', 2);
    const all = [...before, ...during, ...after];
    await waitFor(() => all.every((uri) => postUris(posts.messages).includes(uri)), { what: 'every post in Kafka', timeoutMs: 20_000 });
    expect(new Set(postUris(posts.messages))).toEqual(new Set(all));
  }, 60_000);
});
