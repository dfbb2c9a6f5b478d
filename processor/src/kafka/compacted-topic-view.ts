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
  private listeners: Array<() => void> = [];

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
        for (const listener of this.listeners) listener();
        return Promise.resolve();
      },
    });
  }

  /** Reflect a write this process just made, before its own consumer reads it back. */
  set(key: string, value: T | null): void {
    if (value === null) this.entries.delete(key);
    else this.entries.set(key, value);
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  values(): T[] {
    return [...this.entries.values()];
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  async stop(): Promise<void> {
    this.listeners = [];
    await this.consumer?.disconnect();
  }
}
