import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Post } from '@trendstream/schema/post';
import type { SingleObjectCodec } from '@trendstream/schema/single-object-codec';

export interface PostsProducerOptions {
  topic: string;
  codec: SingleObjectCodec<Post>;
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

  async send(posts: readonly Post[]): Promise<void> {
    for (let start = 0; start < posts.length; start += this.batchSize) {
      const batch = posts.slice(start, start + this.batchSize);
      await this.producer.send({
        topic: this.options.topic,
        acks: -1,
        messages: batch.map((post) => ({ key: post.uri, value: this.options.codec.encode(post) })),
      });
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
