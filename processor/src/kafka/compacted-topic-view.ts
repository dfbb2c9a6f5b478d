import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@trendstream/schema/logger';

/**
 * The latest value per key of a compacted topic, kept current in memory. Every process reads the whole
 * topic (its own throwaway group, from the beginning): the topic is small and this is how each instance
 * learns the same state. A null value (tombstone) removes the key.
 */
export class CompactedTopicView<T> {
  private readonly entries = new Map<string, T>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly parse: (value: Buffer) => T | undefined,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `trendstream-view-${this.topic}-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        const key = message.key?.toString('utf8');
        if (!key) return Promise.resolve();
        if (message.value === null) this.entries.delete(key);
        else {
          const value = this.parse(message.value);
          if (value === undefined) {
            this.logger.warn({ topic: this.topic, key }, 'ignoring a record that does not parse');
            return Promise.resolve();
          }
          this.entries.set(key, value);
        }
        return Promise.resolve();
      },
    });
  }

  values(): T[] {
    return [...this.entries.values()];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
