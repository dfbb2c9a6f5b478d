import { afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '../src/cleanups.js';
import { waitFor } from '../src/wait-for.js';
import { xEntitiesOf, xTweet } from '../src/x-posts.js';
import { startXStreamTestServer, type XStreamTestServer } from '../src/x-stream-server.js';

const fast = { intervalMs: 5, timeoutMs: 10_000 };

interface StreamClient {
  status: number;
  body: unknown;
  lines: string[];
  ended: boolean;
  close(): void;
}

describe('the X filtered-stream test server', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function start(keepAliveMs = 50): Promise<XStreamTestServer> {
    const server = await startXStreamTestServer({ keepAliveMs });
    cleanups.add(() => server.close());
    return server;
  }

  function call(server: XStreamTestServer, path: string, init: RequestInit = {}, token = server.token): Promise<Response> {
    return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  }

  async function json(server: XStreamTestServer, path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await call(server, path, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const addRules = (server: XStreamTestServer, add: { value: string; tag?: string }[]) =>
    json(server, '/2/tweets/search/stream/rules', { method: 'POST', body: JSON.stringify({ add }) });

  /** Opens the stream and collects its lines (keep-alives as ''). */
  async function openStream(server: XStreamTestServer, query = '?tweet.fields=created_at,lang,entities'): Promise<StreamClient> {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/2/tweets/search/stream${query}`, {
      headers: { authorization: `Bearer ${server.token}` },
      signal: abort.signal,
    });
    const client: StreamClient = { status: response.status, body: undefined, lines: [], ended: false, close: () => abort.abort() };
    cleanups.add(() => abort.abort());
    if (response.status !== 200) {
      client.body = await response.json();
      client.ended = true;
      return client;
    }
    void (async () => {
      let partial = '';
      try {
        for await (const chunk of response.body!) {
          const pieces = (partial + Buffer.from(chunk).toString('utf8')).split('\r\n');
          partial = pieces.pop() ?? '';
          client.lines.push(...pieces);
        }
      } catch {
        // aborted or dropped
      }
      client.ended = true;
    })();
    return client;
  }

  const posts = (client: StreamClient) =>
    client.lines.filter(Boolean).map((line) => JSON.parse(line) as { data: Record<string, unknown>; matching_rules: unknown[] });

  it('wants the bearer token on every request', async () => {
    const server = await start();
    expect((await call(server, '/2/tweets/search/stream/rules', {}, 'wrong')).status).toBe(401);
    const response = await fetch(`${server.url}/2/tweets/search/stream`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect(server.requests.map((request) => request.status)).toEqual([401, 401]);
  });

  it('lists, adds and deletes rules with ids, refuses duplicates and rules it cannot read, and logs every change', async () => {
    const server = await start();
    expect((await json(server, '/2/tweets/search/stream/rules')).body).toEqual({ meta: { sent: expect.any(String), result_count: 0 } });
    const added = await addRules(server, [{ value: '#rust lang:en', tag: 'trendstream #rust' }, { value: '#zig' }]);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      data: [
        { id: expect.stringMatching(/^\d+$/u), value: '#rust lang:en', tag: 'trendstream #rust' },
        { id: expect.stringMatching(/^\d+$/u), value: '#zig' },
      ],
      meta: { summary: { created: 2, not_created: 0 } },
    });
    const again = await addRules(server, [{ value: '#zig' }, { value: '#ok' }]);
    expect(again.status).toBe(201);
    expect(again.body.errors).toEqual([expect.objectContaining({ value: '#zig', title: 'DuplicateRule' })]);
    const invalid = await addRules(server, [{ value: 'place_country:US' }, { value: `#${'x'.repeat(1_024)}` }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ value: 'place_country:US', title: 'Invalid Rule' }),
      expect.objectContaining({ title: 'Invalid Rule', details: ['Rules must be 1024 characters or fewer'] }),
    ]);
    const rust = server.rules.find((rule) => rule.value === '#rust lang:en')!;
    const deleted = await json(server, '/2/tweets/search/stream/rules', { method: 'POST', body: JSON.stringify({ delete: { ids: [rust.id, '404'] } }) });
    expect(deleted.body).toMatchObject({ meta: { summary: { deleted: 1, not_deleted: 1 } } });
    expect(server.rules.map((rule) => rule.value)).toEqual(['#zig', '#ok']);
    expect(server.ruleChanges.map((change) => `${change.action} ${change.rule.value}`)).toEqual([
      'add #rust lang:en',
      'add #zig',
      'add #ok',
      'delete #rust lang:en',
    ]);
    const listed = await json(server, '/2/tweets/search/stream/rules');
    expect(listed.body).toMatchObject({ data: [{ value: '#zig' }, { value: '#ok' }], meta: { result_count: 2 } });
  });

  it('streams each matching post once per stream with the rules it matched and only the fields asked for, with keep-alives between', async () => {
    const server = await start();
    server.addRule('#rust -is:retweet', 'rust rule');
    server.addRule('#rust lang:en');
    const client = await openStream(server);
    await server.waitForConnections(1);
    expect(server.connections[0]).toMatchObject({ open: true, tweetFields: ['created_at', 'lang', 'entities'] });
    await waitFor(() => client.lines.includes(''), { what: 'a keep-alive', ...fast });

    const matching = xTweet({ text: 'Rust 🦀 & #Rust at https://example.com/x', lang: 'en' });
    expect(server.publish(matching).map((rule) => rule.value)).toEqual(['#rust -is:retweet', '#rust lang:en']);
    expect(server.publish(xTweet({ text: 'no tag here', lang: 'en' }))).toEqual([]);
    expect(server.publish(xTweet({ text: 'RT: #rust', lang: 'de', retweetOf: '1' }))).toEqual([]);
    await waitFor(() => posts(client).length === 1, { what: 'the matching post', ...fast });
    const [line] = posts(client);
    expect(line?.matching_rules).toEqual([{ id: server.rules[0]!.id, tag: 'rust rule' }, { id: server.rules[1]!.id }]);
    expect(Object.keys(line?.data ?? {}).sort()).toEqual(['created_at', 'edit_history_tweet_ids', 'entities', 'id', 'lang', 'text']);
    expect(line?.data.text).toBe('Rust 🦀 &amp; #Rust at https://example.com/x');

    // A rule added while the stream is open applies to it at once.
    await addRules(server, [{ value: '#zig' }]);
    server.publish(xTweet({ text: 'now #zig' }));
    server.sendRaw('not json');
    await waitFor(() => client.lines.includes('not json'), { what: 'the raw line', ...fast });
    const texts = client.lines.filter((line) => line !== '' && line !== 'not json').map((line) => (JSON.parse(line) as { data: { text: string } }).data.text);
    expect(texts).toEqual([matching.text, 'now #zig']);
  });

  it('refuses a second stream while one is open (429), and accepts one once the first closed', async () => {
    const server = await start();
    const first = await openStream(server);
    await server.waitForConnections(1);
    const second = await openStream(server);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ title: 'ConnectionException', connection_issue: 'TooManyConnections' });
    first.close();
    await waitFor(() => !server.connections[0]?.open, { what: 'the first stream closed', ...fast });
    expect((await openStream(server)).status).toBe(200);
    expect(server.connections).toHaveLength(2);
  });

  it('drops, silences and refuses on demand', async () => {
    const server = await start();
    server.addRule('#a');
    const first = await openStream(server);
    await server.waitForConnections(1);
    server.dropConnections();
    await waitFor(() => first.ended, { what: 'the dropped stream ended', ...fast });

    const second = await openStream(server);
    await waitFor(() => second.lines.length > 0, { what: 'a keep-alive', ...fast });
    server.silence(true);
    const heard = second.lines.length;
    server.publish(xTweet({ text: 'lost #a' }));
    server.sendRaw('also lost');
    // A second stream is refused only after a 300 ms grace, six keep-alive periods: none reached the silenced one.
    expect((await openStream(server)).status).toBe(429);
    expect(second.lines.length).toBe(heard);
    server.silence(false);
    server.publish(xTweet({ text: 'heard #a' }));
    await waitFor(() => posts(second).some((line) => String(line.data.text) === 'heard #a'), { what: 'the post after the silence', ...fast });
    expect(posts(second).map((line) => line.data.text)).toEqual(['heard #a']);

    server.refuse(503);
    expect((await call(server, '/2/tweets/search/stream/rules')).status).toBe(503);
    server.refuse(undefined);
    expect((await call(server, '/2/tweets/search/stream/rules')).status).toBe(200);
  });

  it('reads rules with OR, parentheses and negation', async () => {
    const server = await start();
    server.addRule('#a (cats OR "big dogs") -lang:de');
    expect(server.publish(xTweet({ text: '#a I like cats', lang: 'en' }))).toHaveLength(1);
    expect(server.publish(xTweet({ text: '#a big dogs!', lang: 'en' }))).toHaveLength(1);
    expect(server.publish(xTweet({ text: '#a cats', lang: 'de' }))).toHaveLength(0);
    expect(server.publish(xTweet({ text: '#a birds', lang: 'en' }))).toHaveLength(0);
  });
});

describe('X post builders', () => {
  it('give entities code-point offsets into the escaped text', () => {
    const tweet = xTweet({ text: '🦀 a<b @ferris #Rust https://t.co/x $TSLA' });
    expect(tweet.text).toBe('🦀 a&lt;b @ferris #Rust https://t.co/x $TSLA');
    const points = Array.from(tweet.text);
    const cut = (span: { start: number; end: number }) => points.slice(span.start, span.end).join('');
    const entities = xEntitiesOf(tweet.text);
    expect(entities.mentions?.map(cut)).toEqual(['@ferris']);
    expect(entities.hashtags?.map(cut)).toEqual(['#Rust']);
    expect(entities.urls?.map(cut)).toEqual(['https://t.co/x']);
    expect(entities.cashtags?.map(cut)).toEqual(['$TSLA']);
    expect(tweet.id).toMatch(/^\d{18,20}$/u);
    expect(BigInt(xTweet({ text: 'later' }).id)).toBeGreaterThan(BigInt(tweet.id));
  });
});
