import type { DecodedPost } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import type { ReplayKafkaConfig } from '../../src/replay/replay-to-kafka.js';
import { TopicCollector } from '@trendstream/testkit/topic-collector';

/** The replay's Kafka settings for one test: the test broker, and a topic prefix of its own. */
export function replayTestKafka(): ReplayKafkaConfig {
  return { brokers: kafkaBrokers(), topicPrefix: uniqueTopicPrefix('replay'), postsPartitions: 3 };
}

export interface TopicMessage {
  key: string | null;
  post: DecodedPost;
  partition: number;
}

/** Every message in a topic, decoded. */
export async function readWholeTopic(topic: string, timeoutMs = 30_000): Promise<TopicMessage[]> {
  const collector = await new TopicCollector(testKafka(), topic).start();
  try {
    const codec = postCodec();
    return (await collector.drain(timeoutMs)).map((message) => ({ key: message.key, post: codec.decode(message.value), partition: message.partition }));
  } finally {
    await collector.stop();
  }
}
