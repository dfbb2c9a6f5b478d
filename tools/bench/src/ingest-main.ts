import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { runMain } from '@trendstream/runtime/run-main';
import { topicNames } from '@trendstream/contracts/topics';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { startJetstreamTestServer } from '@trendstream/testkit/jetstream-server';
import { REPO_ROOT, RESULTS_DIR, progress } from './bench-shared.js';
import { JetstreamFeed } from './ingest-feed.js';
import { loadTemplates } from './post-templates.js';
import { cpuSeconds, freePort, peakRssMbOf } from './process-usage.js';

/**
 * `npm run bench:ingest` (issue 11): one live ingest process (ingest/dist/main.js) reading a local server that
 * speaks Jetstream's protocol, into the real broker.
 * (1) Throughput: BENCH_INGEST_POSTS posts (default 100,000) wait in the server's log; the ingest is started
 *     with a saved cursor before them (the restart path) and reads them as fast as it can: posts/s from its
 *     connection to the last record in Kafka, its CPU and peak memory, and the records it produced twice.
 * (2) Silent feed: the server keeps the socket open and answers pings but stops delivering, while a post a
 *     second goes on being made; the time until the first of those posts is in Kafka (goal ≤ 60 s; the
 *     product's BLUESKY_STALL_TIMEOUT_MS, 30 s, decides it), and that every one of them arrives.
 */
const POSTS = Number(process.env.BENCH_INGEST_POSTS ?? 100_000);
const STALL_TIMEOUT_MS = process.env.BENCH_INGEST_STALL_TIMEOUT_MS;
const SILENT_POSTS = Number(process.env.BENCH_INGEST_SILENT_POSTS ?? 10);
const POLL_MS = 100;
const OUT_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : RESULTS_DIR;

runMain('bench:ingest', async ({ signal }) => {
  if (!Number.isInteger(POSTS) || POSTS < 1)
    throw new Error(`BENCH_INGEST_POSTS must be a whole number of at least 1, got "${process.env.BENCH_INGEST_POSTS}"`);
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const runId = `bench-ingest-${Date.now()}`;
  const prefix = `${runId}.`;
  const topics = topicNames(prefix);
  const kafka = new Kafka({ clientId: 'bench-ingest', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const server = await startJetstreamTestServer();
  const feed = new JetstreamFeed(server, await loadTemplates(SAMPLE_PATH, 5_000), runId);
  const port = await freePort();
  let ingest: ReturnType<typeof spawn> | undefined;
  try {
    await ensureTopics(admin, topics, { postsPartitions: 1 });
    const start = Date.now();
    for (let i = 0; i < POSTS; i++) feed.publish(new Date(start - 60_000 + Math.floor((i / POSTS) * 60_000)));
    progress(`${POSTS} posts waiting in the local Jetstream's log (${server.url})`);
    // The cursor a previous run would have saved just before them: the ingest replays them all at once.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.ingestCursors,
      messages: [{ key: `${new URL(server.url).host} jetstream`, value: JSON.stringify({ id: String((start - 61_000) * 1000), savedAt: Date.now() }) }],
    });
    await producer.disconnect();

    ingest = spawn(process.execPath, [path.join(REPO_ROOT, 'ingest/dist/main.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TOPIC_PREFIX: prefix,
        POSTS_PARTITIONS: '1',
        BLUESKY_JETSTREAM_URL: server.url,
        BLUESKY_REWIND_MS: '0',
        ...(STALL_TIMEOUT_MS ? { BLUESKY_STALL_TIMEOUT_MS: STALL_TIMEOUT_MS } : {}),
        MASTODON_INSTANCES: '',
        INGEST_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const pid = ingest.pid!;
    const exited = new Promise<number | null>((resolve) => ingest!.once('exit', (code) => resolve(code)));
    await server.waitForConnections(1, 60_000);
    const connectedAt = Date.now();
    const cpuBefore = cpuSeconds(pid);
    const produced = () => postRecords(admin, topics.posts);
    await until(
      async () => (await produced()) >= POSTS,
      signal,
      600_000,
      () => `records in Kafka`,
    );
    const seconds = (Date.now() - connectedAt) / 1000;
    const throughput = {
      posts: POSTS,
      seconds: round(seconds),
      postsPerSecond: Math.round(POSTS / seconds),
      ingestCpuPercent: round(((cpuSeconds(pid) - cpuBefore) / seconds) * 100),
      ingestPeakRssMb: peakRssMbOf(pid),
      recordsProduced: await produced(),
      reconnects: await metric(port, 'ingest_reconnects_total'),
      goalMet: POSTS / seconds >= 5_000,
    };
    progress(
      `throughput: ${throughput.postsPerSecond} posts/s (${throughput.seconds} s, ingest CPU ${throughput.ingestCpuPercent} %, peak RSS ${throughput.ingestPeakRssMb} MB)`,
    );

    // (2) A silent feed: open, answering pings, delivering nothing.
    server.silence(true);
    const silencedAt = Date.now();
    const silentUris = new Set<string>();
    const reader = new PostsReader(kafka, topics.posts);
    await reader.start(await produced());
    // The benchmark's own pacing, a post a second as a quiet feed would have them; not a test wait.
    const publisher = setInterval(() => {
      if (silentUris.size < SILENT_POSTS) silentUris.add(feed.publish());
    }, 1_000);
    silentUris.add(feed.publish());
    let firstRecovered: number;
    try {
      await until(
        () => [...reader.uris].some((uri) => silentUris.has(uri)),
        signal,
        300_000,
        () => 'the first post made during the silence',
      );
      firstRecovered = Date.now() - silencedAt;
      await until(
        () => silentUris.size >= SILENT_POSTS,
        signal,
        60_000,
        () => 'the last silent-feed post to be made',
      );
    } finally {
      clearInterval(publisher);
    }
    await until(
      () => [...silentUris].every((uri) => reader.uris.has(uri)),
      signal,
      120_000,
      () => 'every post made during the silence',
    );
    await reader.stop();
    const silent = {
      secondsToFirstRecoveredPost: round(firstRecovered / 1000),
      postsMadeDuringSilence: silentUris.size,
      postsRecovered: [...silentUris].filter((uri) => reader.uris.has(uri)).length,
      stalls: await metric(port, 'ingest_stalls_total'),
      goalMet: firstRecovered <= 60_000,
    };
    progress(
      `silent feed: first recovered post after ${silent.secondsToFirstRecoveredPost} s; ${silent.postsRecovered} of ${silent.postsMadeDuringSilence} recovered`,
    );

    ingest.kill('SIGTERM');
    const code = await exited;
    const result = { bench: 'ingest', at: stamp, source: 'jetstream', throughput, silent, ingestExitCode: code };
    mkdirSync(OUT_DIR, { recursive: true });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync(path.join(OUT_DIR, `ingest-${stamp}.json`), json);
    process.stdout.write(json);
    return code === 0 ? 0 : 1;
  } finally {
    if (ingest && ingest.exitCode === null && ingest.signalCode === null) ingest.kill('SIGKILL');
    await server.close();
    await admin
      .deleteTopics({ topics: [topics.posts, topics.postsDeadLetter, topics.hashtags, topics.ingestStatus, topics.ingestCursors] })
      .catch(() => undefined);
    await admin.disconnect();
  }
});

/** Records on the posts topic (all posts here: the feed makes no deletes). */
async function postRecords(admin: ReturnType<Kafka['admin']>, topic: string): Promise<number> {
  let total = 0;
  for (const { high, low } of await admin.fetchTopicOffsets(topic)) total += Number(high) - Number(low);
  return total;
}

/** The URIs of the posts produced from `fromOffset` on, as they arrive. */
class PostsReader {
  readonly uris = new Set<string>();
  private readonly consumer;
  private readonly codec = postsTopicCodec();

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({ groupId: `${topic}-bench-reader` });
  }

  async start(fromOffset: number): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message }) => {
        const record = this.codec.decode(message.value);
        if (record.kind === 'post') this.uris.add(record.post.uri);
        return Promise.resolve();
      },
    });
    this.consumer.seek({ topic: this.topic, partition: 0, offset: String(fromOffset) });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

async function metric(port: number, name: string): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

async function until(check: () => boolean | Promise<boolean>, signal: AbortSignal, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (signal.aborted) throw new Error(`stopped while waiting for ${what()}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
