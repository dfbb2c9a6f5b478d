import { Kafka, Partitioners } from 'kafkajs';
import { Server } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from '@trendstream/runtime/kafka-log';
import type { Logger } from '@trendstream/runtime/logger';
import { CompactedTopicReader } from '@trendstream/runtime/compacted-topic-reader';
import { FollowedHashtagsReader, FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import type { ClientToServerEvents, ServerToClientEvents } from '@trendstream/contracts/socket-events';
import { topicNames } from '@trendstream/contracts/topics';
import type { ProcessorConfig } from './config.js';
import { CountingConsumer } from './counting/counting-consumer.js';
import type { RecordDecoder } from './counting/to-pending.js';
import { recordCountingSettings } from './db/counting-settings.js';
import { expireChanges } from './db/change-log.js';
import { startCompaction } from './db/count-compaction.js';
import { expireBefore } from './db/count-store.js';
import { createPool, prepareDatabase } from './db/database.js';
import { KafkaHashtagDirectory } from './hashtags/kafka-hashtag-directory.js';
import { checkHealth } from './health/health-service.js';
import { ProcessingRate } from './health/processing-rate.js';
import { buildHttp } from './http/build-http.js';
import { isAllowedOrigin } from './http/origins.js';
import { LiveTrends } from './live/live-trends.js';
import { createMetrics } from './observability/metrics.js';
import { retentionMs } from './trends/trend-plan.js';
import { TrendsService } from './trends/trends-service.js';
import { CountFeed } from './windows/count-feed.js';
import { parseDuration } from './windows/duration.js';
import { WindowIndex } from './windows/window-index.js';

export interface ProcessorOptions {
  config: ProcessorConfig;
  logger: Logger;
  webDist?: string | undefined;
  now?: () => number;
  /** Benchmarks observe end-to-end latencies here. */
  onLatency?: (ms: readonly number[]) => void;
}

export interface Processor {
  http: FastifyInstance;
  /** Listens on HOST:PORT and starts counting; resolves with the bound address. */
  start(): Promise<string>;
  /** Stops consuming, applies the buffered batch, closes every connection. */
  close(): Promise<void>;
  countingFailure(): Error | undefined;
}

const MIN_TREND_COUNT = 3;
const EXPIRY_INTERVAL_MS = 60_000;
/** How long count changes stay in the log: a processor further behind than this reloads its windows. */
const CHANGE_LOG_KEPT_MS = 10 * 60_000;
/** How often the change log is folded into the stored buckets: what a start-up load reads from the log is about this much. */
const COMPACTION_INTERVAL_MS = 5_000;
const LAG_REFRESH_MS = 10_000;

function parseInstanceHealth(value: Buffer): InstanceHealth | undefined {
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<InstanceHealth>;
    if (typeof parsed.instance !== 'string' || typeof parsed.state !== 'string') return undefined;
    // updatedAt tells a live source from a stale one (health/source-staleness.ts): a record without a readable one says nothing.
    if (typeof parsed.updatedAt !== 'string' || Number.isNaN(Date.parse(parsed.updatedAt))) return undefined;
    return parsed as InstanceHealth;
  } catch {
    return undefined;
  }
}

/**
 * The composition root: builds every part of the processor from validated config and connects nothing;
 * start() connects to Kafka and MySQL (creating topics, the database and its tables), then listens and counts.
 */
export function buildProcessor({ config, logger, webDist, now = Date.now, onLatency }: ProcessorOptions): Processor {
  const topics = topicNames(config.TOPIC_PREFIX);
  const bucketMs = config.BUCKET_SECONDS * 1000;
  const allowedLatenessMs = config.ALLOWED_LATENESS_SECONDS * 1000;
  const offsets = { group: config.CONSUMER_GROUP, topic: topics.posts };
  const metrics = createMetrics();
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    let failed: Error | undefined;
    for (const closer of closers.reverse()) {
      await closer().catch((error: unknown) => (failed ??= error instanceof Error ? error : new Error('a resource failed to close')));
    }
    closers.length = 0;
    if (failed) throw failed;
  };

  const kafka = new Kafka({
    clientId: 'trendstream-processor',
    brokers: config.KAFKA_BROKERS,
    logLevel: KAFKAJS_LOG_LEVEL,
    logCreator: kafkaLogCreator(logger),
  });
  // Made here, connected in start(); closing one that never connected is harmless.
  const admin = kafka.admin();
  closers.push(() => admin.disconnect());
  const pool = createPool(config.MYSQL_URL);
  closers.push(() => pool.end());
  // Dead letters are at-least-once by design and hashtag records are idempotent by key: no need for EoS here.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  closers.push(() => producer.disconnect());

  const hashtagReader = new FollowedHashtagsReader(kafka, {
    topic: topics.hashtags,
    groupIdPrefix: `${config.TOPIC_PREFIX}trendstream-processor-hashtags`,
    logger,
  });
  // The latest state each ingest reported per instance (the compacted `ingest.status` topic), for /api/health.
  const instanceStates = new Map<string, InstanceHealth>();
  const instanceHealthReader = new CompactedTopicReader(kafka, {
    topic: topics.ingestStatus,
    groupIdPrefix: `${config.TOPIC_PREFIX}trendstream-processor-status`,
    maxWaitTimeInMs: 200,
    onRecord: ({ key, value }) => {
      if (!key) return;
      if (value === null) {
        instanceStates.delete(key);
        return;
      }
      const state = parseInstanceHealth(value);
      if (state) instanceStates.set(key, state);
      else logger.warn({ topic: topics.ingestStatus, key }, 'ignoring an instance health record that does not parse');
    },
  });
  const hashtags = new KafkaHashtagDirectory(hashtagReader, new FollowedHashtagsWriter(producer, topics.hashtags), now);

  const windowsMs = config.WINDOWS.map((name) => parseDuration(name) ?? 0);
  // Counts older than the horizon are expired from MySQL and the windows alike; before the first expiry run,
  // the start-up load takes whatever MySQL still holds.
  let horizon = 0;
  const counts = new CountFeed(pool, {
    create: () => new WindowIndex({ bucketMs, windowsMs, minCount: MIN_TREND_COUNT }),
    oldestBucket: () => horizon,
    logger,
  });
  const trends = new TrendsService(
    pool,
    counts,
    { windows: config.WINDOWS, bucketMs, allowedLatenessMs, idleAfterMs: config.IDLE_AFTER_SECONDS * 1000, offsets },
    now,
  );
  const rate = new ProcessingRate();
  let lastSource: string | null = null;

  const codec = postsTopicCodec();
  const decode: RecordDecoder = (value) => codec.decode(value);

  const health = () =>
    checkHealth({
      pool,
      admin,
      trends,
      metrics,
      rate,
      topic: topics.posts,
      instances: () => [...instanceStates.values()].sort((a, b) => a.instance.localeCompare(b.instance)),
      sourceStaleAfterMs: config.SOURCE_STALE_AFTER_SECONDS * 1000,
      lastSource: () => lastSource,
      countingFailure: () => counting.failed,
      now,
    });
  const http = buildHttp({
    logger,
    metrics,
    trends,
    hashtags,
    adminToken: config.ADMIN_TOKEN,
    allowedOrigins: config.ALLOWED_ORIGINS,
    webDist,
    health,
  });
  closers.push(() => http.close());

  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http.server, {
    serveClient: false,
    cors: { origin: [...config.ALLOWED_ORIGINS] },
    // Browsers do not apply CORS to WebSockets: refuse foreign origins at the handshake.
    allowRequest: (request, callback) => callback(null, isAllowedOrigin(request.headers.origin, request.headers.host, config.ALLOWED_ORIGINS)),
  });
  const live = new LiveTrends(
    io,
    trends,
    { deltaIntervalMs: config.DELTA_INTERVAL_MS, idleRefreshMs: 1_000, limit: 20 },
    {
      logger,
      metrics,
      now,
      ...(onLatency ? { onLatency } : {}),
    },
  );
  closers.push(async () => {
    live.stop();
    await io.close();
  });

  const retention = retentionMs(windowsMs, bucketMs) + allowedLatenessMs;
  const counting = new CountingConsumer(
    {
      kafka,
      pool,
      logger,
      metrics,
      decode,
      deadLetterProducer: producer,
      scopesFor: (tags) => tags.filter((tag) => hashtags.has(tag)),
      onCommitted: (result, committedAt) => {
        rate.add(committedAt, result.stats.counted + result.stats.boosts + result.stats.duplicates);
        live.notifyCommitted(result.receivedAt);
      },
      onSource: (source) => (lastSource = source),
      now,
    },
    {
      topic: topics.posts,
      deadLetterTopic: topics.postsDeadLetter,
      group: config.CONSUMER_GROUP,
      bucketMs,
      horizonMs: retention,
      flushMaxPosts: config.FLUSH_MAX_POSTS,
      flushIntervalMs: config.FLUSH_INTERVAL_MS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    },
  );

  let expiryTimer: NodeJS.Timeout | undefined;

  return {
    http,
    countingFailure: () => counting.failed,
    async start() {
      await admin.connect();
      await ensureTopics(admin, topics, { postsPartitions: config.POSTS_PARTITIONS });
      await prepareDatabase(config.MYSQL_URL, pool, logger);
      // Before the port opens: the API and socket.io answer from these windows.
      await counts.start();
      await producer.connect();
      // Dashboards reconnect the moment the port opens after a restart: the socket.io handlers must be
      // in place by then, or those sockets stay connected and are never answered.
      live.start();
      const address = await http.listen({ host: config.HOST, port: config.PORT });
      await Promise.all([hashtagReader.start(), instanceHealthReader.start()]);
      closers.push(
        () => hashtagReader.stop(),
        () => instanceHealthReader.stop(),
      );
      await hashtagReader.ready();
      await recordCountingSettings(pool, { bucketMs, horizonMs: retention, engine: config.COUNTING_ENGINE }, now());
      if (config.COUNTING_ENGINE === 'processor') {
        await counting.start();
        closers.push(() => counting.stop());
      } else {
        logger.info({ countingEngine: config.COUNTING_ENGINE }, 'counting nothing here: serving what the Spark engine writes (docs/engines.md)');
      }
      expiryTimer = setInterval(() => {
        void (async () => {
          const { maxEventTime } = await trends.progress();
          await expireChanges(pool, now() - CHANGE_LOG_KEPT_MS);
          if (maxEventTime === null) return;
          horizon = maxEventTime - retention;
          await expireBefore(pool, horizon);
          counts.sink.expireBefore(horizon);
        })().catch((error: unknown) => logger.warn({ err: error }, 'could not expire old buckets'));
      }, EXPIRY_INTERVAL_MS);
      const compaction = startCompaction(pool, {
        intervalMs: COMPACTION_INTERVAL_MS,
        oldestBucket: () => horizon,
        onStep: (step) => {
          metrics.compactionRows.inc(step.buckets);
          metrics.uncompactedChanges.set(step.head - step.to);
        },
        onError: (error) => {
          metrics.compactionFailures.inc();
          logger.warn({ err: error }, 'could not compact the count change log; trying again shortly');
        },
      });
      closers.push(() => compaction.stop());
      // Keeps the consumer-lag gauge current for Prometheus even when nobody polls /api/health.
      const lagTimer = setInterval(() => void health().catch(() => {}), LAG_REFRESH_MS);
      closers.push(() => {
        clearInterval(expiryTimer);
        clearInterval(lagTimer);
        return Promise.resolve();
      });
      return address;
    },
    close,
  };
}
