import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Cleanups } from '../src/cleanups.js';
import { waitFor } from '../src/wait-for.js';
import {
  atUri,
  commitWrite,
  identityEvent,
  likeCreate,
  plcDid,
  postCreate,
  postDelete,
  postUpdate,
  tid,
  type JetstreamCommitWrite,
  type JetstreamEvent,
  type PostRecord,
} from '../src/jetstream-posts.js';
import { startJetstreamTestServer, type JetstreamTestServer } from '../src/jetstream-server.js';

interface Client {
  ws: WebSocket;
  events: JetstreamEvent[];
  texts: string[];
  pongs: number;
  closed: boolean;
}

const fast = { intervalMs: 5, timeoutMs: 10_000 };

describe('the Jetstream test server', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function start(): Promise<JetstreamTestServer> {
    const server = await startJetstreamTestServer();
    cleanups.add(() => server.close());
    return server;
  }

  function subscribeUrl(server: JetstreamTestServer, query: Record<string, string | number | string[]> = {}): string {
    const url = new URL(server.url);
    for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) url.searchParams.append(name, String(item));
    return url.toString();
  }

  async function connect(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const client: Client = { ws, events: [], texts: [], pongs: 0, closed: false };
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      client.texts.push(text);
      try {
        client.events.push(JSON.parse(text) as JetstreamEvent);
      } catch {
        // a raw frame that is not JSON: kept in texts only
      }
    });
    ws.on('pong', () => (client.pongs += 1));
    ws.on('close', () => (client.closed = true));
    cleanups.add(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  /** The HTTP status (and body) an upgrade gets: 101 when it opens. */
  async function upgradeStatus(url: string): Promise<{ status: number; body: string }> {
    const ws = new WebSocket(url);
    cleanups.add(() => ws.terminate());
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ status: 101, body: '' }));
      ws.once('error', reject);
      ws.once('unexpected-response', (request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
    });
  }

  const timesOf = (events: readonly JetstreamEvent[]): number[] => events.map((event) => event.time_us);

  it('replays a large backlog from the cursor, then live events, with no gap or duplicate and time_us strictly increasing', async () => {
    const server = await start();
    const did = plcDid('replay');
    const published: JetstreamEvent[] = [];
    for (let i = 0; i < 10_000; i++) published.push(server.publish(postCreate({ did, text: `backlog ${i}`, hashtags: ['replay'] })));
    expect(published.every((event, i) => i === 0 || event.time_us > published[i - 1]!.time_us)).toBe(true);

    const from = 2_500;
    const cursor = published[from]!.time_us;
    const clientDone = connect(subscribeUrl(server, { cursor, wantedCollections: 'app.bsky.feed.post' }));
    // Accepted, and the backlog is being sent a turn at a time: live events published now must queue behind it.
    await server.waitForConnections(1);
    for (let i = 0; i < 500; i++) published.push(server.publish(postCreate({ did, text: `live ${i}` })));
    const client = await clientDone;
    for (let i = 0; i < 500; i++) published.push(server.publish(postCreate({ did, text: `later ${i}` })));

    const expected = timesOf(published.slice(from));
    await waitFor(() => client.events.length >= expected.length, { ...fast, what: 'the backlog and the live events' });
    expect(timesOf(client.events)).toEqual(expected);
    expect(server.connections).toEqual([{ cursor, wantedCollections: ['app.bsky.feed.post'], wantedDids: [], requireHello: false, open: true }]);

    // A cursor between two events starts at the later one; one in the future is live only.
    const gapStart = published.at(-1)!.time_us + 1_000;
    const a = server.publish({ ...identityEvent(did), time_us: gapStart });
    const b = server.publish({ ...identityEvent(did), time_us: gapStart + 10 });
    expect(() => server.publish({ ...identityEvent(did), time_us: gapStart + 10 })).toThrow('must be a safe integer above');
    const between = await connect(subscribeUrl(server, { cursor: a.time_us + 5 }));
    const live = await connect(subscribeUrl(server, { cursor: (Date.now() + 3_600_000) * 1000 }));
    const last = server.publish(identityEvent(did));
    expect(last.time_us).toBeGreaterThan(b.time_us);
    await waitFor(() => live.events.length === 1 && between.events.length === 2, { ...fast, what: 'the last event on both' });
    expect(between.events).toEqual([b, last]);
    expect(live.events).toEqual([last]);
  });

  it('holds events for a client that stops reading and delivers them all, in order, once it reads again', async () => {
    const server = await start();
    const client = await connect(server.url);
    client.ws.pause();
    // About 8 MB: more than the loopback socket buffers take, so the server waits for 'drain' with the rest logged.
    const text = 'x'.repeat(1_000);
    const published = Array.from({ length: 8_000 }, (_, i) => server.publish(postCreate({ text: `${i} ${text}` })));
    client.ws.resume();
    await waitFor(() => client.events.length >= published.length, { ...fast, what: 'every event after resuming' });
    expect(timesOf(client.events)).toEqual(timesOf(published));
  });

  it('filters commits by exact collection and by prefix, and by DID; identity events pass any collection filter', async () => {
    const server = await start();
    const alice = plcDid('alice');
    const bob = plcDid('bob');
    const post = server.publish(postCreate({ did: alice, text: 'a post' }));
    const like = server.publish(likeCreate({ did: alice }));
    const follow = server.publish(
      commitWrite('create', alice, 'app.bsky.graph.follow', tid(1_750_000_000_000_000), {
        $type: 'app.bsky.graph.follow',
        subject: bob,
        createdAt: '2025-06-15T00:00:00.000Z',
      }),
    );
    const bobPost = server.publish(postCreate({ did: bob, text: 'bob posts' }));
    const identity = server.publish(identityEvent(alice));
    const cursor = post.time_us;

    const posts = await connect(subscribeUrl(server, { cursor, wantedCollections: 'app.bsky.feed.post' }));
    const feed = await connect(subscribeUrl(server, { cursor, wantedCollections: 'app.bsky.feed.*' }));
    const graphAndLikes = await connect(subscribeUrl(server, { cursor, wantedCollections: ['app.bsky.graph.*', 'app.bsky.feed.like'] }));
    const bobOnly = await connect(subscribeUrl(server, { cursor, wantedDids: bob }));
    const everything = await connect(subscribeUrl(server, { cursor }));
    // Every filter lets an identity event of bob through: once it arrives, nothing else is on its way.
    const marker = server.publish(identityEvent(bob));
    const clients = [posts, feed, graphAndLikes, bobOnly, everything];
    await waitFor(() => clients.every((client) => client.events.at(-1)?.time_us === marker.time_us), { ...fast, what: 'the marker everywhere' });

    expect(posts.events).toEqual([post, bobPost, identity, marker]);
    expect(feed.events).toEqual([post, like, bobPost, identity, marker]);
    expect(graphAndLikes.events).toEqual([like, follow, identity, marker]);
    expect(bobOnly.events).toEqual([bobPost, marker]);
    expect(everything.events).toEqual([post, like, follow, bobPost, identity, marker]);
  });

  it('silence keeps the socket open and answering pings but delivers nothing, and what was published meanwhile is lost to it', async () => {
    const server = await start();
    const client = await connect(server.url);
    const before = server.publish(postCreate({ text: 'before' }));
    await waitFor(() => client.events.length === 1, { ...fast, what: 'the first event' });

    server.silence(true);
    const during = server.publish(postCreate({ text: 'during' }));
    server.sendRaw('not even this');
    // Delivery is synchronous in publish: a pong that arrives after it proves nothing was sent before it.
    client.ws.ping();
    await waitFor(() => client.pongs === 1, { ...fast, what: 'a pong while silent' });
    expect(client.events).toEqual([before]);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(server.connections[0]?.open).toBe(true);

    // A new connection from a cursor gets what the silenced one is missing.
    const reconnected = await connect(subscribeUrl(server, { cursor: before.time_us }));
    await waitFor(() => reconnected.events.length === 2, { ...fast, what: 'the replay on a new connection' });
    expect(reconnected.events).toEqual([before, during]);

    server.silence(false);
    const after = server.publish(postCreate({ text: 'after' }));
    await waitFor(() => client.events.length === 2 && reconnected.events.length === 3, { ...fast, what: 'the event after the silence' });
    expect(client.events).toEqual([before, after]);
    expect(client.texts).not.toContain('not even this');
    expect(reconnected.events).toEqual([before, during, after]);
  });

  it('freeze leaves a ping unanswered and holds events; unfreeze answers it and delivers the backlog in order', async () => {
    const server = await start();
    const frozen = await connect(server.url);
    const firstPost = postCreate({ text: 'first' });
    const first = server.publish(firstPost);
    await waitFor(() => frozen.events.length === 1, { ...fast, what: 'the first event' });

    server.freeze(true);
    const held = [server.publish(postCreate({ text: 'held 1' })), server.publish(postDelete(firstPost.did, firstPost.commit.rkey))];
    server.sendRaw('{"truncated":');
    frozen.ws.ping();
    // A connection made now is not frozen: its ping round trip passes while the frozen one's ping is unanswered.
    const other = await connect(server.url);
    other.ws.ping();
    await waitFor(() => other.pongs === 1, { ...fast, what: 'a pong on the other connection' });
    expect(frozen.pongs).toBe(0);
    expect(frozen.events).toEqual([first]);
    expect(server.connections[0]?.open).toBe(true);

    server.freeze(false);
    await waitFor(() => frozen.pongs === 1 && frozen.texts.length === 4, { ...fast, what: 'the pong and the backlog after unfreezing' });
    expect(frozen.events).toEqual([first, ...held]);
    expect(frozen.texts.at(-1)).toBe('{"truncated":');
  });

  it('dropConnections cuts every socket and later connections work', async () => {
    const server = await start();
    const a = await connect(server.url);
    const b = await connect(server.url);
    server.dropConnections();
    await waitFor(() => a.closed && b.closed, { ...fast, what: 'both sockets closed' });
    expect(server.connections.map((connection) => connection.open)).toEqual([false, false]);

    const c = await connect(server.url);
    await server.waitForConnections(3);
    const event = server.publish(postCreate({ text: 'after the drop' }));
    await waitFor(() => c.events.length === 1, { ...fast, what: 'an event on the new connection' });
    expect(c.events).toEqual([event]);
    expect(server.connections.map((connection) => connection.open)).toEqual([false, false, true]);
  });

  it('refuseConnections answers upgrades with the status until lifted', async () => {
    const server = await start();
    server.refuseConnections(503);
    expect((await upgradeStatus(server.url)).status).toBe(503);
    expect(server.connections).toHaveLength(0);
    await expect(server.waitForConnections(1, 50)).rejects.toThrow('timed out after 50 ms waiting for 1 Jetstream connections (0 so far)');
    server.refuseConnections(undefined);
    expect((await upgradeStatus(server.url)).status).toBe(101);
    expect(server.connections).toHaveLength(1);
  });

  it('refuses invalid query values with HTTP 400 and a reason, before upgrading', async () => {
    const server = await start();
    const cases: [Record<string, string>, string][] = [
      [{ cursor: 'abc' }, 'subscribe: invalid cursor: "abc"'],
      [{ cursor: '-5' }, 'subscribe: invalid cursor: negative value -5'],
      [{ cursor: String(Date.now()) }, 'which Jetstream reads as a sequence number'],
      [{ wantedCollections: 'not a collection' }, 'subscribe: invalid options: invalid collection: not a collection'],
      [{ wantedCollections: 'app.bsky.fo*' }, 'invalid collection: app.bsky.fo*'],
      [{ wantedDids: 'alice' }, 'subscribe: invalid options: invalid DID: alice'],
      [{ compress: 'true' }, 'not implemented by this test server'],
    ];
    for (const [query, reason] of cases) {
      const answer = await upgradeStatus(subscribeUrl(server, query));
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body).toContain(reason);
    }
    expect(server.connections).toHaveLength(0);
    // Accepted as they are: an empty cursor is live, requireHello is honoured, compress=false is no opt-in.
    expect((await upgradeStatus(subscribeUrl(server, { cursor: '', compress: 'false', wantedCollections: 'app.bsky.*' }))).status).toBe(101);
  });

  it('requireHello holds delivery until an options_update, which also replaces the filters', async () => {
    const server = await start();
    const first = server.publish(postCreate({ text: 'first' }));
    const client = await connect(subscribeUrl(server, { cursor: first.time_us, requireHello: 'true' }));
    client.ws.ping();
    await waitFor(() => client.pongs === 1, { ...fast, what: 'a pong' });
    expect(client.events).toEqual([]);
    const like = server.publish(likeCreate());
    client.ws.send(JSON.stringify({ type: 'options_update', payload: { wantedCollections: ['app.bsky.feed.like'], wantedDids: [] } }));
    await waitFor(() => client.events.length === 1, { ...fast, what: 'the like' });
    expect(client.events).toEqual([like]);
  });

  it('builds TIDs that decode back to their time and clock id and sort in time order', () => {
    const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
    const decode = (key: string): { micros: number; clockId: number } => {
      let value = 0n;
      for (const char of key) value = value * 32n + BigInt(alphabet.indexOf(char));
      expect(value >> 63n).toBe(0n);
      return { micros: Number(value >> 10n), clockId: Number(value & 1023n) };
    };
    const samples = [
      [0, 0],
      [1, 1023],
      [1_700_000_000_123_456, 7],
      [Date.now() * 1000, 512],
      [2 ** 53 - 1, 1023],
    ] as const;
    for (const [micros, clockId] of samples) {
      const key = tid(micros, clockId);
      expect(key).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/u);
      expect(decode(key)).toEqual({ micros, clockId });
    }
    expect(tid(0)).toBe('2222222222222');
    const times = Array.from({ length: 200 }, (_, i) => 1_600_000_000_000_000 + i * 7_919_113 * (i % 3 === 0 ? 1 : 1_000));
    const keys = times.map((micros, i) => tid(micros, i % 1024));
    expect([...keys].sort()).toEqual([...keys].sort((a, b) => decode(a).micros - decode(b).micros));
    expect(tid(1_700_000_000_000_001) > tid(1_700_000_000_000_000, 1023)).toBe(true);
    expect(() => tid(-1)).toThrow();
    expect(() => tid(1, 1024)).toThrow();
  });

  it('builds posts whose facets index the text in UTF-8 bytes, and deletes without record or cid', () => {
    const did = plcDid('builder');
    const mentioned = plcDid('friend');
    const input = postCreate({
      did,
      rkey: tid(1_750_000_000_000_000),
      text: 'Grüße 東京',
      createdAt: '2025-06-15T12:00:00.000Z',
      langs: ['de', 'ja'],
      tags: ['extra'],
      hashtags: ['日本', '#Reise'],
      links: ['https://example.com/ß', { uri: 'https://example.org/a/very/long/path', text: 'example.org/a/very…' }],
      mentions: [{ did: mentioned, handle: 'friend.bsky.social' }],
    });
    const commit = input.commit as JetstreamCommitWrite;
    const record = commit.record as PostRecord;
    expect(record.text).toBe('Grüße 東京 #日本 #Reise https://example.com/ß example.org/a/very… @friend.bsky.social');
    const bytes = Buffer.from(record.text, 'utf8');
    const spans = (record.facets ?? []).map((facet) => [bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8'), facet.features]);
    expect(spans).toEqual([
      ['#日本', [{ $type: 'app.bsky.richtext.facet#tag', tag: '日本' }]],
      ['#Reise', [{ $type: 'app.bsky.richtext.facet#tag', tag: 'Reise' }]],
      ['https://example.com/ß', [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/ß' }]],
      ['example.org/a/very…', [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.org/a/very/long/path' }]],
      ['@friend.bsky.social', [{ $type: 'app.bsky.richtext.facet#mention', did: mentioned }]],
    ]);
    expect(record.facets?.[0]?.index).toEqual({ byteStart: 15, byteEnd: 22 });
    expect(record).toMatchObject({ $type: 'app.bsky.feed.post', createdAt: '2025-06-15T12:00:00.000Z', langs: ['de', 'ja'], tags: ['extra'] });
    expect(commit).toMatchObject({ operation: 'create', collection: 'app.bsky.feed.post', rkey: tid(1_750_000_000_000_000) });
    expect(commit.cid).toMatch(/^bafyrei[a-z2-7]{52}$/u);
    expect(commit.rev).toMatch(/^[234567a-j][234567a-z]{12}$/u);
    expect(did).toMatch(/^did:plc:[a-z2-7]{24}$/u);
    expect(atUri(did, commit.rkey)).toBe(`at://${did}/app.bsky.feed.post/${commit.rkey}`);

    const update = postUpdate({ did, rkey: commit.rkey, text: 'edited' });
    expect(update.commit).toMatchObject({ operation: 'update', rkey: commit.rkey, record: { text: 'edited' } });
    const deletion = postDelete(did, commit.rkey);
    expect(deletion.commit).toEqual({ rev: expect.any(String), operation: 'delete', collection: 'app.bsky.feed.post', rkey: commit.rkey });
    expect(JSON.stringify(deletion)).not.toMatch(/record|cid/u);
  });
});
