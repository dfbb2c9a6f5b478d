import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { parseReplayLine } from '@trendstream/contracts/replay-line';
import { parseStatus } from '@trendstream/contracts/status-to-post';
import { topicNames } from '@trendstream/contracts/topics';
import { freePort } from '@trendstream/testkit/free-port';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { runCli, startCli } from '../support/cli.js';
import { TopicCollector } from '@trendstream/testkit/topic-collector';
import { postUris } from '../support/live-harness.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';
import { atUri, plcDid, postCreate } from '@trendstream/testkit/jetstream-posts';
import { startJetstreamTestServer } from '@trendstream/testkit/jetstream-server';

const kafka = testKafka();
const TOKEN = 'cli-user-token_0123456789';
const FAST = {
  MASTODON_STALL_TIMEOUT_MS: '1500',
  MASTODON_BACKOFF_INITIAL_MS: '100',
  MASTODON_BACKOFF_MAX_MS: '400',
  MASTODON_GAP_FILL_DELAY_MS: '100',
  LOG_LEVEL: 'warn',
};

describe('the live ingest commands', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('npm run hashtags: add, list, remove, and a bad tag refused before anything is written', async () => {
    const env = { KAFKA_BROKERS: kafkaBrokers().join(','), TOPIC_PREFIX: uniqueTopicPrefix('hashtags-cli'), POSTS_PARTITIONS: '1' };
    const added = await runCli('hashtags-main.js', ['add', '#Rust', 'Kafka', 'rust'], env);
    expect(added).toMatchObject({ code: 0, stdout: 'following #rust\nfollowing #kafka\n' });
    await runCli('hashtags-main.js', ['remove', 'RUST'], env);
    const listed = await runCli('hashtags-main.js', ['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^#kafka\tfollowed since \d{4}-\d\d-\d\dT/u);
    expect(listed.stdout).not.toContain('#rust');
    const refused = await runCli('hashtags-main.js', ['add', 'ok', 'c++'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"c++" is not a valid hashtag');
    expect((await runCli('hashtags-main.js', ['list'], env)).stdout).not.toContain('#ok');
  }, 60_000);

  it('npm run record: writes the statuses exactly as received until Ctrl-C, with a summary', async () => {
    const server = await startMastodonServer({ token: TOKEN, pingIntervalMs: 200 });
    cleanups.add(() => server.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'record-test-'));
    cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'live.jsonl');
    const env = { ...FAST, MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TOKEN, MASTODON_TIMELINE: 'local' };
    const run = startCli('record-main.js', [file, '--tag', 'Rust'], env);
    cleanups.add(() => run.signal('SIGKILL'));
    await waitFor(() => server.stats.subscribes.length === 2, { what: 'both channels subscribed', timeoutMs: 15_000 });
    server.publish({ text: 'not discoverable', acct: 'shy', account: { discoverable: false } });
    const payloads = [
      server.publish({ text: 'Grüße aus Berlin', language: 'de' }),
      server.publish({ text: 'a tagged remote post', acct: 'ferris@crab.example', tags: ['rust'] }),
      server.publish({ text: '東京タワーが見える', language: 'ja' }),
    ].map((status) => JSON.stringify(status));
    await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').split('\n').length === 4, { what: 'three lines in the file' });
    run.signal('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`recorded 3 statuses to ${file}`);
    expect(result.stdout).toContain('1 opted-out authors');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toEqual(payloads);
    for (const line of lines) expect(parseStatus(JSON.parse(line), { instance: server.host, source: 'replay', receivedAt: 0 }).ok).toBe(true);

    const again = await runCli('record-main.js', [file, '--duration', '1s'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; pass --force');
    const gz = path.join(dir, 'short.jsonl.gz');
    const short = await runCli('record-main.js', [gz, '--duration', '1s'], env);
    expect(short.code).toBe(0);
    expect(() => gunzipSync(readFileSync(gz))).not.toThrow();
  }, 60_000);

  it('npm run record: records Bluesky posts as replay lines that name their network', async () => {
    const server = await startJetstreamTestServer();
    cleanups.add(() => server.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'record-bsky-test-'));
    cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'bluesky.jsonl');
    const run = startCli('record-main.js', [file], { ...FAST, BLUESKY_JETSTREAM_URL: server.url });
    cleanups.add(() => run.signal('SIGKILL'));
    await server.waitForConnections(1, 15_000);
    const uris = ['one', 'two', 'three'].map((word, i) => {
      const did = plcDid(`recorded-${i}`);
      const event = server.publish(postCreate({ did, text: `a recorded post number ${word}`, langs: ['en'], hashtags: ['rec'] }));
      return atUri(did, (event as { commit: { rkey: string } }).commit.rkey);
    });
    await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').split('\n').length === 4, { what: 'three lines in the file' });
    run.signal('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`recorded 3 statuses to ${file}`);
    const posts = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => parseReplayLine(line, 0));
    expect(posts.map((parsed) => parsed.ok && [parsed.post.network, parsed.post.uri, parsed.post.hashtags])).toEqual(
      uris.map((uri) => ['bluesky', uri, ['rec']]),
    );
  }, 60_000);

  it('the live worker streams into Kafka, serves /health, and on SIGTERM flushes and exits 0', async () => {
    const server = await startMastodonServer({ token: TOKEN, pingIntervalMs: 200 });
    cleanups.add(() => server.close());
    const prefix = uniqueTopicPrefix('main');
    const port = await freePort();
    const worker = startCli('main.js', [], {
      ...FAST,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix,
      POSTS_PARTITIONS: '1',
      INGEST_PORT: String(port),
      MASTODON_INSTANCES: server.url,
      MASTODON_TOKENS: `${server.url}=${TOKEN}`,
    });
    cleanups.add(() => worker.signal('SIGKILL'));
    await waitFor(() => server.stats.subscribes.length === 1, { what: 'the public stream subscribed', timeoutMs: 30_000 });
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string; instances: InstanceHealth[] };
    expect(health.status).toBe('ok');
    expect(health.instances.map((instance) => instance.state)).toEqual(['streaming']);

    const posts = await new TopicCollector(kafka, topicNames(prefix).posts).start();
    cleanups.add(() => posts.stop());
    const expected = [1, 2, 3].map((n) => server.publish({ text: `post ${n}` }).uri as string);
    await waitFor(() => expected.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the posts in Kafka' });

    worker.signal('SIGTERM');
    const result = await worker.done;
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    const statuses = await new TopicCollector(kafka, topicNames(prefix).ingestStatus).start();
    cleanups.add(() => statuses.stop());
    const last = (await statuses.drain()).at(-1);
    expect((JSON.parse(last?.value?.toString('utf8') ?? '{}') as InstanceHealth).state).toBe('stopped');
  }, 60_000);

  it('the live worker refuses a bad configuration with every problem named, and exit code 2', async () => {
    const result = await runCli('main.js', [], { MASTODON_INSTANCES: 'ftp://nope.example', INGEST_PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KAFKA_BROKERS');
    expect(result.stderr).toContain('MASTODON_INSTANCES');
    expect(result.stderr).toContain('INGEST_PORT');
  });
});
