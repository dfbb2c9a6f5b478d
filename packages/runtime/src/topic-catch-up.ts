import type { Kafka } from 'kafkajs';
import { fetchTopicOffsetsWhenReady } from './kafka-topics.js';

/**
 * Tells when a reader that starts at the beginning of a topic has read everything the topic held when the
 * tracker was made: the end offset of every non-empty partition is taken once, and each partition is done
 * when a record at or past its last offset has been read. Readers of compacted state topics use it to tell
 * "nothing there" from "not read yet".
 */
export class TopicCatchUp {
  readonly done: Promise<void>;
  private markDone: () => void = () => {};

  private constructor(private readonly pending: Map<number, bigint>) {
    this.done = new Promise((resolve) => {
      this.markDone = resolve;
    });
    if (pending.size === 0) this.markDone();
  }

  /** The topic's end offsets now (an admin round trip). */
  static async now(kafka: Kafka, topic: string): Promise<TopicCatchUp> {
    const pending = new Map<number, bigint>();
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const { partition, high, low } of await fetchTopicOffsetsWhenReady(admin, topic)) {
        if (BigInt(high) > BigInt(low)) pending.set(partition, BigInt(high));
      }
    } finally {
      await admin.disconnect();
    }
    return new TopicCatchUp(pending);
  }

  get caughtUp(): boolean {
    return this.pending.size === 0;
  }

  /** Call with every record read, in order. */
  advance(partition: number, offset: string | bigint): void {
    const end = this.pending.get(partition);
    if (end === undefined || BigInt(offset) + 1n < end) return;
    this.pending.delete(partition);
    if (this.pending.size === 0) this.markDone();
  }
}
