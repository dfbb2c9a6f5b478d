import Fastify, { type FastifyInstance } from 'fastify';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { FollowedHashtagsReader } from '@trendstream/runtime/followed-hashtags';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from '@trendstream/runtime/kafka-log';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { topicNames } from '@trendstream/contracts/topics';
import type { IngestEnv } from './config.js';
import { readCompactedTopicOnce } from '@trendstream/runtime/compacted-topic-reader';
import { createBlueskySources } from './bluesky/bluesky-sources.js';
import { createLiveSources } from './mastodon/live-sources.js';
import { createXSources } from './x/x-sources.js';
import { CursorCheckpointer } from './sources/cursor-checkpointer.js';
import { storedCursorsBySource } from './sources/cursor-records.js';
import type { LiveSource } from './sources/live-source.js';
import { PostSink } from './sources/post-sink.js';
import { PostsTopicWriter } from './sources/posts-topic-writer.js';
import { createIngestMetrics, type IngestMetrics } from './metrics.js';
import { InstanceHealthPublisher } from './health/instance-health-publisher.js';

export interface IngestDeps {
  config: IngestEnv;
  logger: Logger;
  /** Defaults to a client for KAFKA_BROKERS. */
  kafka?: Kafka;
  now?: () => number;
  random?: () => number;
  /** Process-wide metrics (default process metrics included) in production; a fresh registry in tests. */
  defaultMetrics?: boolean;
  /** How often the read positions are saved to `ingest.cursors`; default 5 s. */
  checkpointIntervalMs?: number;
}

/** What GET /health returns. */
export interface IngestHealth {
  status: 'ok' | 'degraded' | 'failing';
  kafka: 'up' | 'down';
  queue: { size: number; capacity: number; dropped: number };
  hashtags: string[];
  instances: InstanceHealth[];
}

export interface IngestApp {
  http: FastifyInstance;
  metrics: IngestMetrics;
  /** Every live source: the Mastodon instances, then Bluesky and X when configured. */
  sources: readonly LiveSource[];
  health(): IngestHealth;
  /** Creates topics, connects, starts every instance and the hashtag follower. */
  start(): Promise<void>;
  /** Stops the streams, delivers the queue, disconnects; false when something could not be delivered. */
  stop(): Promise<boolean>;
}

const FLUSH_TIMEOUT_MS = 15_000;
const CHECKPOINT_INTERVAL_MS = 5_000;

/**
 * The live ingest: every configured instance -> dedupe and normalization -> bounded queue -> Kafka `posts`;
 * states to `ingest.status`; followed hashtags from `hashtags`; /metrics and /health. No side effects until
 * start(); main.ts does the listening and the signals.
 */
export function buildIngest(deps: IngestDeps): IngestApp {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const topics = topicNames(config.TOPIC_PREFIX);
  const kafka =
    deps.kafka ??
    new Kafka({ clientId: 'trendstream-ingest', brokers: config.KAFKA_BROKERS, logLevel: KAFKAJS_LOG_LEVEL, logCreator: kafkaLogCreator(logger) });
  const metrics = createIngestMetrics(undefined, { defaultMetrics: deps.defaultMetrics });
  // Idempotence makes kafkajs' own retries safe; one request in flight keeps each partition in order.
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const writer = new PostsTopicWriter({ producer, topic: topics.posts, codec: postsTopicCodec(), capacity: config.INGEST_QUEUE_CAPACITY, metrics, logger });
  const healthPublisher = new InstanceHealthPublisher(producer, topics.ingestStatus, logger);
  const posts = new PostSink({ output: writer, dedupeCapacity: config.INGEST_DEDUPE_CAPACITY, dedupeTtlMs: config.INGEST_DEDUPE_TTL_MS, now });
  const shared = { posts, metrics, logger, now, random: deps.random, onHealth: (health: InstanceHealth) => healthPublisher.publish(health) };
  const { supervisors } = createLiveSources({ ...shared, config, dedupeCapacity: config.INGEST_DEDUPE_CAPACITY, dedupeTtlMs: config.INGEST_DEDUPE_TTL_MS });
  const sources: LiveSource[] = [...supervisors, ...createBlueskySources({ ...shared, config }), ...createXSources({ ...shared, config })];
  const checkpointer = new CursorCheckpointer({
    producer,
    topic: topics.ingestCursors,
    sources,
    delivery: writer,
    intervalMs: deps.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS,
    now,
    logger,
  });
  const hashtags = new FollowedHashtagsReader(kafka, { topic: topics.hashtags, groupIdPrefix: `${config.TOPIC_PREFIX}trendstream-ingest-hashtags`, logger });
  hashtags.onChange((change) => {
    logger.info({ added: change.added, removed: change.removed }, `followed hashtags: ${[...change.tags].sort().join(', ') || '(none)'}`);
    for (const source of sources) source.setHashtags(change.tags);
  });

  let connected = false;
  let statusTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<boolean> | undefined;
  const health = (): IngestHealth => {
    const instances = sources.map((source) => source.health);
    const troubled = instances.some((instance) => !['starting', 'streaming', 'polling'].includes(instance.state));
    const failing = !connected || writer.lastError !== undefined;
    return {
      status: failing ? 'failing' : troubled ? 'degraded' : 'ok',
      kafka: failing ? 'down' : 'up',
      queue: { size: writer.size, capacity: writer.capacity, dropped: writer.droppedCount },
      hashtags: [...hashtags.tags].sort(),
      instances,
    };
  };
  const http = buildHttp(metrics, health);

  return {
    http,
    metrics,
    sources,
    health,
    async start() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, topics, { postsPartitions: config.POSTS_PARTITIONS });
      } finally {
        await admin.disconnect();
      }
      await producer.connect();
      connected = true;
      writer.start();
      await resumeReadPositions();
      checkpointer.start();
      if (sources.length === 0) {
        logger.warn(
          'no live sources: MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL and X_BEARER_TOKEN are empty. Following the hashtags topic only; set one of them to read live posts (docs/sources.md)',
        );
      }
      // Followed hashtags first: a Bluesky source keeping only followed tags must know them before its first post.
      await hashtags.start();
      for (const source of sources) {
        source.setHashtags(hashtags.tags);
        healthPublisher.publish(source.health);
        void source.start();
      }
      statusTimer = setInterval(() => {
        for (const source of sources) healthPublisher.publish({ ...source.health, postsPerSecond: source.takeRate() });
      }, config.INGEST_STATUS_INTERVAL_MS);
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };

  /** Gives each source the read positions a previous run saved, so it starts where the delivered records end. */
  async function resumeReadPositions(): Promise<void> {
    if (sources.length === 0) return;
    const records = await readCompactedTopicOnce(kafka, topics.ingestCursors, `${config.TOPIC_PREFIX}trendstream-ingest-cursors`);
    const saved = storedCursorsBySource(records, logger);
    let resumed = 0;
    for (const source of sources) {
      const channels = saved.get(source.name);
      if (!channels) continue;
      source.resumeFrom(channels);
      resumed += channels.size;
    }
    if (resumed > 0)
      logger.info(
        { channels: resumed },
        `resuming ${resumed} channel(s) from the read positions saved in ${topics.ingestCursors} (Mastodon fills the gap over REST, Jetstream replays from its cursor)`,
      );
  }

  async function stopAll(): Promise<boolean> {
    clearInterval(statusTimer);
    const results = await Promise.allSettled([hashtags.stop(), ...sources.map((source) => source.stop())]);
    let ok = results.every((result) => result.status === 'fulfilled');
    for (const result of results) if (result.status === 'rejected') logger.error({ err: result.reason as unknown }, 'stopping a source failed');
    if (connected) {
      const delivered = await writer.stop(FLUSH_TIMEOUT_MS);
      // A final checkpoint only when every record reached Kafka: otherwise the last saved one is the truth.
      await checkpointer.stop(delivered);
      ok = delivered && ok;
      await healthPublisher.flush();
      await producer.disconnect();
      connected = false;
    }
    await http.close();
    return ok;
  }
}

function buildHttp(metrics: IngestMetrics, health: () => IngestHealth): FastifyInstance {
  const http = Fastify({ logger: false });
  http.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
  http.get('/health', (_request, reply) => {
    const body = health();
    return reply.code(body.status === 'failing' ? 503 : 200).send(body);
  });
  return http;
}
