import type { Admin, Consumer, Kafka } from 'kafkajs';
import { uniqueName } from './names.js';
import { waitFor } from './wait-for.js';

/** How many messages `topic` holds now: the sum over its partitions of high watermark less low. */
export async function topicMessageCount(admin: Admin, topic: string): Promise<number> {
  let total = 0;
  for (const { high, low } of await admin.fetchTopicOffsets(topic)) total += Number(high) - Number(low);
  return total;
}

export interface CollectedMessage {
  key: string | null;
  value: Buffer | null;
  offset: string;
  partition: number;
}

/** Reads a topic from the beginning into `messages` while a test runs; its own consumer group. */
export class TopicCollector {
  readonly messages: CollectedMessage[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<this> {
    // A short fetch wait makes disconnect quick (it waits for the fetch in flight).
    this.consumer = this.kafka.consumer({ groupId: uniqueName('topic-collector'), allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: ({ message, partition }) => {
        this.messages.push({ key: message.key?.toString('utf8') ?? null, value: message.value, offset: message.offset, partition });
        return Promise.resolve();
      },
    });
    return this;
  }

  /**
   * Waits until everything written so far (the topic's high watermark now) has been read: the count is known
   * first, so the test never waits for silence.
   */
  async drain(timeoutMs = 20_000): Promise<CollectedMessage[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    let total: number;
    try {
      total = await topicMessageCount(admin, this.topic);
    } finally {
      await admin.disconnect();
    }
    await waitFor(() => this.messages.length >= total, { what: `all ${total} messages of ${this.topic}`, timeoutMs });
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
