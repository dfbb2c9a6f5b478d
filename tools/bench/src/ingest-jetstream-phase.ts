import type { Admin, Kafka } from 'kafkajs';
import type { Post } from '@trendstream/contracts/post';
import type { TopicNames } from '@trendstream/contracts/topics';
import { startJetstreamTestServer } from '@trendstream/testkit/jetstream-server';
import { progress } from './bench-shared.js';
import { IngestProcess, PostsReader, measureSilentFeed, measureThroughput, recordCount } from './ingest-bench-kit.js';
import { JetstreamFeed } from './ingest-feed.js';

export interface PhaseOptions {
  kafka: Kafka;
  admin: Admin;
  prefix: string;
  topics: TopicNames;
  templates: readonly Post[];
  posts: number;
  silentPosts: number;
  /** Posts published per second where the phase paces them. */
  ratePerSecond?: number;
  port: number;
  signal: AbortSignal;
  /** The ingest's environment (the phase adds its topics and source). */
  env: NodeJS.ProcessEnv;
}

/**
 * Bluesky: `posts` posts wait in a local Jetstream's log and the ingest starts with a cursor saved just before
 * them (the restart path), so it reads them as fast as it can; then the feed goes silent.
 */
export async function runJetstreamPhase(options: PhaseOptions) {
  const { kafka, admin, topics, signal } = options;
  const server = await startJetstreamTestServer();
  const feed = new JetstreamFeed(server, options.templates, options.prefix);
  let ingest: IngestProcess | undefined;
  try {
    const start = Date.now();
    for (let i = 0; i < options.posts; i++) feed.publish(new Date(start - 60_000 + Math.floor((i / options.posts) * 60_000)));
    progress(`bluesky: ${options.posts} posts waiting in the local Jetstream's log`);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.ingestCursors,
      messages: [{ key: `${new URL(server.url).host} jetstream`, value: JSON.stringify({ id: String((start - 61_000) * 1000), savedAt: Date.now() }) }],
    });
    await producer.disconnect();

    ingest = new IngestProcess({ ...options.env, TOPIC_PREFIX: options.prefix, BLUESKY_JETSTREAM_URL: server.url, BLUESKY_REWIND_MS: '0' }, options.port);
    await server.waitForConnections(1, 60_000);
    const connectedAt = Date.now();
    const cpuBefore = ingest.cpuSeconds();
    const measured = await measureThroughput({ ingest, admin, topic: topics.posts, posts: options.posts, startedAt: connectedAt, cpuBefore, signal });
    const throughput = { ...measured, reconnects: await ingest.metric('ingest_reconnects_total'), goalMet: measured.postsPerSecond >= 5_000 };
    progress(
      `bluesky: ${throughput.postsPerSecond} posts/s (${throughput.seconds} s, ingest CPU ${throughput.ingestCpuPercent} %, peak RSS ${throughput.ingestPeakRssMb} MB)`,
    );

    const reader = await new PostsReader(kafka, topics.posts).start(await recordCount(admin, topics.posts));
    const silent = await measureSilentFeed({ silence: () => server.silence(true), publish: () => feed.publish(), posts: options.silentPosts, reader, signal });
    await reader.stop();
    const stalls = await ingest.metric('ingest_stalls_total');
    progress(
      `bluesky silent feed: first recovered post after ${silent.secondsToFirstRecoveredPost} s; ${silent.postsRecovered} of ${silent.postsMadeDuringSilence}`,
    );
    return { throughput, silent: { ...silent, stalls }, ingestExitCode: await ingest.stop() };
  } finally {
    ingest?.kill();
    await server.close();
  }
}
