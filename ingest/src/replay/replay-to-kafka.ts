import { Kafka, type RetryOptions } from 'kafkajs';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from '@trendstream/runtime/kafka-log';
import type { Logger } from '@trendstream/runtime/logger';
import { postCodec } from '@trendstream/runtime/codecs';
import { topicNames } from '@trendstream/contracts/topics';
import { PostsProducer } from '../posts-producer.js';
import { runReplay, type ReplayClock, type ReplayEvents, type ReplayOptions } from './replay-loop.js';
import type { ReplaySummary } from './replay-summary.js';
import { systemClock } from './system-clock.js';

export interface ReplayKafkaConfig {
  brokers: string[];
  topicPrefix: string;
  postsPartitions: number;
}

/** Kafka could not be reached or set up; the message names KAFKA_BROKERS and what to check. */
export class KafkaUnavailableError extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';
  constructor(brokers: readonly string[], cause: unknown) {
    super(`cannot reach Kafka at KAFKA_BROKERS=${brokers.join(',')} (${(cause as Error).message}): start a broker (npm run kafka:start) or fix KAFKA_BROKERS`, {
      cause,
    });
    this.name = 'KafkaUnavailableError';
  }
}

export interface ReplayToKafkaDeps {
  config: ReplayKafkaConfig;
  logger: Logger;
  events: ReplayEvents;
  signal: AbortSignal;
  clock?: ReplayClock;
}

/**
 * Replays a file into the `posts` topic: creates the topics if missing, produces through the idempotent
 * PostsProducer, and always disconnects. Throws KafkaUnavailableError when the broker cannot be reached;
 * produce failures during the replay end up in the summary's `failure`.
 */
export async function replayToKafka(options: ReplayOptions, deps: ReplayToKafkaDeps): Promise<ReplaySummary> {
  const { config, logger } = deps;
  const client = (retry?: RetryOptions): Kafka =>
    new Kafka({
      clientId: 'trendstream-replay',
      brokers: config.brokers,
      logLevel: KAFKAJS_LOG_LEVEL,
      logCreator: kafkaLogCreator(logger),
      connectionTimeout: 3_000,
      retry,
    });
  const topics = topicNames(config.topicPrefix);
  // A replay is run by hand: say the broker is unreachable after seconds, not after a minute of retries. Only
  // the admin client is limited so; the idempotent producer keeps kafkajs' retries (limiting them is unsafe).
  const admin = client({ retries: 2 }).admin();
  try {
    await admin.connect();
    await ensureTopics(admin, topics, { postsPartitions: config.postsPartitions });
  } catch (error) {
    throw new KafkaUnavailableError(config.brokers, error);
  } finally {
    await admin.disconnect();
  }
  const kafka = client();
  const producer = new PostsProducer(kafka, { topic: topics.posts, codec: postCodec(), batchSize: options.batchSize });
  try {
    await producer.connect();
  } catch (error) {
    await producer.disconnect();
    throw new KafkaUnavailableError(config.brokers, error);
  }
  logger.debug({ file: options.file, topic: topics.posts }, 'replay started');
  try {
    return await runReplay(options, { sink: producer, clock: deps.clock ?? systemClock, events: deps.events, signal: deps.signal });
  } finally {
    await producer.disconnect();
  }
}
