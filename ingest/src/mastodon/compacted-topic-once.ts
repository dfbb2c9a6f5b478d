import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/**
 * Reads a compacted topic once, from the beginning to its end as of now: the latest value per key (a tombstone
 * removes the key). Rejects when the end is not reached within `timeoutMs`.
 */
export async function readCompactedTopicOnce(kafka: Kafka, topic: string, groupIdPrefix: string, timeoutMs = 30_000): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  const pending = new Map<number, bigint>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) pending.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return latest;

  const consumer = kafka.consumer({ groupId: `${groupIdPrefix}-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${topic} topic was not read within ${timeoutMs} ms; is Kafka reachable?`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            const key = message.key?.toString('utf8');
            if (key) {
              if (message.value === null) latest.delete(key);
              else latest.set(key, message.value.toString('utf8'));
            }
            const end = pending.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) {
              pending.delete(partition);
              if (pending.size === 0) resolve();
            }
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
