import { setTimeout as delay } from 'node:timers/promises';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';
import { progress } from './bench-shared.js';
import { IngestProcess, PostsReader, measureSilentFeed, measureThroughput, recordCount, until } from './ingest-bench-kit.js';
import type { PhaseOptions } from './ingest-jetstream-phase.js';

const TOKEN = 'bench-user-token_0123456789';

/**
 * Mastodon: the ingest streams a local server that speaks Mastodon's streaming and REST APIs while `posts`
 * statuses are published at `ratePerSecond` (BENCH_INGEST_MASTODON_RATE, 2,000: far above any instance's public timeline); then the stream goes silent (open, pinging, no
 * event: a streaming server that lost Redis) and only the REST audit can notice.
 */
export async function runMastodonPhase(options: PhaseOptions) {
  const { kafka, admin, topics, signal } = options;
  const rate = options.ratePerSecond ?? 2_000;
  const server = await startMastodonServer({ token: TOKEN });
  let ingest: IngestProcess | undefined;
  let n = 0;
  const publish = (): string => {
    const template = options.templates[n % options.templates.length]!;
    n += 1;
    return server.publish({ text: template.text.slice(0, 500), tags: template.hashtags.slice(0, 3), language: template.language, acct: `bench${n % 5000}` })
      .uri as string;
  };
  try {
    ingest = new IngestProcess({ ...options.env, TOPIC_PREFIX: options.prefix, MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TOKEN }, options.port);
    await until(() => subscribed(server), signal, 60_000, 'the ingest subscribed to the public stream');
    const startedAt = Date.now();
    const cpuBefore = ingest.cpuSeconds();
    // Paced, as a busy instance's timeline is: a burst of thousands in one go would only measure the overflow
    // of the queue to Kafka (held positions, recovered over REST), not the stream.
    for (let i = 0, tick = 0; i < options.posts; tick++) {
      for (let inTick = 0; inTick < rate / 10 && i < options.posts; inTick++, i++) publish();
      await delay(Math.max(0, startedAt + (tick + 1) * 100 - Date.now()));
    }
    const measured = await measureThroughput({ ingest, admin, topic: topics.posts, posts: options.posts, startedAt, cpuBefore, signal });
    const throughput = {
      ...measured,
      publishedPerSecond: rate,
      queueDropped: await ingest.metric('ingest_queue_dropped_total'),
    };
    progress(`mastodon: ${throughput.postsPerSecond} posts/s (${throughput.seconds} s, ingest CPU ${throughput.ingestCpuPercent} %)`);

    const reader = await new PostsReader(kafka, topics.posts).start(await recordCount(admin, topics.posts));
    const silent = await measureSilentFeed({ silence: () => server.silence(), publish, posts: options.silentPosts, reader, signal });
    await reader.stop();
    const auditMissed = await ingest.metric('ingest_audit_missed_total');
    progress(
      `mastodon silent feed: first recovered post after ${silent.secondsToFirstRecoveredPost} s; ${silent.postsRecovered} of ${silent.postsMadeDuringSilence}`,
    );
    return { throughput, silent: { ...silent, auditMissed }, ingestExitCode: await ingest.stop() };
  } finally {
    ingest?.kill();
    await server.close();
  }
}

function subscribed(server: MastodonTestServer): boolean {
  return server.stats.subscribes.some((subscribe) => subscribe.stream === 'public');
}
