import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TopicCatchUp } from '@trendstream/schema/topic-catch-up';

/**
 * Reads a compacted topic once, from the beginning to its end as of now: the latest value per key (a tombstone
 * removes the key). Rejects when the end is not reached within `timeoutMs`.
 */
export async function readCompactedTopicOnce(kafka: Kafka, topic: string, groupIdPrefix: string, timeoutMs = 30_000): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  const catchUp = await TopicCatchUp.now(kafka, topic);
  if (catchUp.caughtUp) return latest;

  const consumer = kafka.consumer({ groupId: `${groupIdPrefix}-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${topic} topic was not read within ${timeoutMs} ms; is Kafka reachable?`)), timeoutMs);
      void catchUp.done.then(resolve);
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            const key = message.key?.toString('utf8');
            if (key) {
              if (message.value === null) latest.delete(key);
              else latest.set(key, message.value.toString('utf8'));
            }
            catchUp.advance(partition, message.offset);
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return latest;
}
