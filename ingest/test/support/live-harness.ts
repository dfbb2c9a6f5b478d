import type { Kafka } from 'kafkajs';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import type { DecodedPostsTopicRecord } from '@trendstream/contracts/status-events';
import { topicNames, type TopicNames } from '@trendstream/contracts/topics';
import type { Cleanups } from '@trendstream/testkit/cleanups';
import { uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { buildIngest, type IngestApp } from '../../src/app.js';
import type { IngestEnv } from '../../src/config.js';
import { TopicCollector, type CollectedMessage } from '@trendstream/testkit/topic-collector';
import { liveTestConfig } from './live-config.js';
import { captureLogs, type CapturedLog } from './log-capture.js';
import type { MastodonTestServer } from '@trendstream/testkit/mastodon-server';

const codec = postsTopicCodec();

export function decodeAll(messages: readonly CollectedMessage[]): DecodedPostsTopicRecord[] {
  return messages.map((message) => codec.decode(message.value));
}

export function postUris(messages: readonly CollectedMessage[]): string[] {
  return decodeAll(messages).flatMap((record) => (record.kind === 'post' ? [record.post.uri] : []));
}

/** Sum of a metric over its labels, read from the app's own registry. */
export function metricValue(app: IngestApp, name: string): number {
  const metric = app.metrics.registry.getSingleMetric(name) as unknown as { hashMap: Record<string, { value: number }> } | undefined;
  return Object.values(metric?.hashMap ?? {}).reduce((sum, entry) => sum + entry.value, 0);
}

/**
 * Starts a live ingest on `config` each time it is called (the same topics every time, so a second one
 * resumes from what the first saved), checkpointing every 100 ms; each is stopped by `cleanups`.
 */
export function ingestStarter(kafka: Kafka, config: IngestEnv, cleanups: Cleanups): () => Promise<IngestApp> {
  return async () => {
    const app = buildIngest({ config, logger: captureLogs('warn').logger, kafka, checkpointIntervalMs: 100 });
    await app.start();
    cleanups.add(() => app.stop());
    return app;
  };
}

/**
 * The first of several ingests on `config` (see ingestStarter), with readers of its posts and saved cursors that
 * outlive it: for tests that stop an ingest and start another on the same topics.
 */
export async function restartableIngest(
  kafka: Kafka,
  config: IngestEnv,
  cleanups: Cleanups,
): Promise<{ start: () => Promise<IngestApp>; first: IngestApp; posts: TopicCollector; cursors: TopicCollector }> {
  const start = ingestStarter(kafka, config, cleanups);
  const first = await start();
  const topics = topicNames(config.TOPIC_PREFIX);
  const posts = await new TopicCollector(kafka, topics.posts).start();
  const cursors = await new TopicCollector(kafka, topics.ingestCursors).start();
  cleanups.add(
    () => posts.stop(),
    () => cursors.stop(),
  );
  return { start, first, posts, cursors };
}

export interface LiveHarness {
  app: IngestApp;
  posts: TopicCollector;
  statuses: TopicCollector;
  lines: CapturedLog[];
  topics: TopicNames;
}

/**
 * Starts the real live ingest against `servers` with its own topics, and readers of its output topics.
 * Everything started is registered in `cleanups`, which the test's afterEach runs.
 */
export async function startLiveIngest(
  kafka: Kafka,
  name: string,
  servers: readonly MastodonTestServer[],
  env: Record<string, string>,
  cleanups: Cleanups,
): Promise<LiveHarness> {
  const prefix = uniqueTopicPrefix(name);
  const topics = topicNames(prefix);
  const config = liveTestConfig(prefix, { MASTODON_INSTANCES: servers.map((server) => server.url).join(','), ...env });
  const { logger, lines } = captureLogs('info');
  const app = buildIngest({ config, logger, kafka });
  for (const server of servers) cleanups.add(() => server.close());
  await app.start();
  cleanups.add(() => app.stop());
  const [posts, statuses] = await Promise.all([new TopicCollector(kafka, topics.posts).start(), new TopicCollector(kafka, topics.ingestStatus).start()]);
  cleanups.add(
    () => posts.stop(),
    () => statuses.stop(),
  );
  return { app, posts, statuses, lines, topics };
}
