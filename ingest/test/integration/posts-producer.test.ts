import { afterAll, describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import { testKafka } from '@trendstream/testkit/kafka';
import { uniqueName } from '@trendstream/testkit/names';
import { PostsProducer } from '../../src/posts-producer.js';
import { TopicCollector } from '@trendstream/testkit/topic-collector';

const post = (uri: string, index: number): Post => ({
  uri,
  statusId: String(index),
  instance: 'a.example',
  source: 'replay',
  url: null,
  createdAt: index,
  receivedAt: index,
  language: 'en',
  text: `post ${index}`,
  spoilerText: '',
  hashtags: [],
  isBoost: false,
  boostOfUri: null,
  sensitive: false,
  account: { acct: 'a', bot: false, discoverable: true, indexable: true, noindexInBio: false },
  network: 'mastodon',
});

describe('PostsProducer', () => {
  const kafka = testKafka('posts-producer-test');
  const topic = uniqueName('producer-order');
  const producer = new PostsProducer(kafka, { topic, codec: postCodec(), batchSize: 7 });
  afterAll(() => producer.disconnect());

  it('keeps call order within a partition when sends are issued concurrently (a --max replay reordered before)', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 25 }, (_, i) => post(`https://a.example/s/${b * 25 + i}`, b * 25 + i)));
    await Promise.all(batches.map((batch) => producer.send(batch)));

    const codec = postCodec();
    const collector = await new TopicCollector(kafka, topic).start();
    const order = (await collector.drain()).map((message) => codec.decode(message.value).createdAt);
    await collector.stop();
    expect(order).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
