import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export function testBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests through `npm test` or `node devstack/dist/with-stack-main.js -- ...`');
  return brokers;
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'ingest-test', brokers: testBrokers().split(','), logLevel: logLevel.NOTHING });
}

export function uniquePrefix(name: string): string {
  return `test-${name}-${randomUUID().slice(0, 8)}.`;
}

export interface CollectedMessage {
  key: string | null;
  value: Buffer | null;
  offset: string;
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
    this.consumer = this.kafka.consumer({ groupId: `ingest-test-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        this.messages.push({ key: message.key?.toString('utf8') ?? null, value: message.value, offset: message.offset });
        return Promise.resolve();
      },
    });
    return this;
  }

  /** Waits until everything written so far (the topic's high watermark now) has been read. */
  async drain(timeoutMs = 20_000): Promise<CollectedMessage[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    let total = 0;
    try {
      for (const { high, low } of await admin.fetchTopicOffsets(this.topic)) total += Number(high) - Number(low);
    } finally {
      await admin.disconnect();
    }
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < total) {
      if (Date.now() > deadline) throw new Error(`read ${this.messages.length} of ${total} messages of ${this.topic}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
