import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Post } from '@trendstream/contracts/post';
import type { PostCodec } from '@trendstream/contracts/post-codec';

export interface PostsProducerOptions {
  topic: string;
  codec: PostCodec;
  /** Messages per produce request: kafkajs sends one request per `send`, so batching is ours to do. */
  batchSize?: number;
}

/**
 * An idempotent producer for the `posts` topic, keyed by status URI (so every copy of a post lands in the
 * same partition, in order). `send` resolves once the broker acknowledged the whole batch: callers use that
 * to know a post is durable.
 */
export class PostsProducer {
  private readonly producer: Producer;
  private readonly batchSize: number;
  /** The previous send: each send waits for it, so batches reach the broker in call order. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    kafka: Kafka,
    private readonly options: PostsProducerOptions,
  ) {
    // Idempotence makes kafkajs' own retries safe: a retried batch is never written twice.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.batchSize = options.batchSize ?? 500;
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /**
   * Sends are queued, never concurrent: two concurrent kafkajs `send` calls can reach the broker in either
   * order (each may wait on its own metadata refresh first), which reordered a partition and made a --max
   * replay count differently from a paced one. Encoding happens before waiting, so it overlaps the send ahead.
   */
  send(posts: readonly Post[]): Promise<void> {
    const messages = posts.map((post) => ({ key: post.uri, value: this.options.codec.encode(post) }));
    const sending = this.tail.then(() => this.sendInOrder(messages));
    this.tail = sending.catch(() => {});
    return sending;
  }

  private async sendInOrder(messages: Array<{ key: string; value: Buffer }>): Promise<void> {
    for (let start = 0; start < messages.length; start += this.batchSize) {
      await this.producer.send({ topic: this.options.topic, acks: -1, messages: messages.slice(start, start + this.batchSize) });
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
