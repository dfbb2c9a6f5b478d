import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import type { ReplayKafkaConfig } from '../../src/replay/replay-to-kafka.js';

/** The broker every integration test uses: with-stack sets KAFKA_BROKERS; without it the test fails, never skips. */
export function replayTestKafka(): ReplayKafkaConfig {
  if (!process.env.KAFKA_BROKERS) {
    throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test`, or `node devstack/dist/with-stack-main.js -- npx vitest run --root ingest`');
  }
  const brokers = process.env.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  // A prefix of its own per test, so tests never share a topic.
  return { brokers, topicPrefix: `replay-test-${randomBytes(4).toString('hex')}.`, postsPartitions: 3 };
}

export interface TopicMessage {
  key: string | null;
  post: Post;
  partition: number;
}

/**
 * Every message in a topic, decoded. How many there are is read from the partitions' offsets first, so the
 * test knows when it has them all instead of waiting for silence.
 */
export async function readWholeTopic(brokers: string[], topic: string, timeoutMs = 30_000): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: 'replay-test-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let expected = 0;
  try {
    for (const partition of await admin.fetchTopicOffsets(topic)) expected += Number(partition.high) - Number(partition.low);
  } finally {
    await admin.disconnect();
  }
  const codec = postCodec();
  const messages: TopicMessage[] = [];
  const consumer = kafka.consumer({ groupId: `replay-test-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} of ${expected} messages from ${topic} in ${timeoutMs} ms`)), timeoutMs);
      if (expected === 0) {
        clearTimeout(timer);
        resolve();
      }
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            messages.push({ key: message.key?.toString('utf8') ?? null, post: codec.decode(message.value), partition: batch.partition });
          }
          if (messages.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
          await Promise.resolve();
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
