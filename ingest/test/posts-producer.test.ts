import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import { PostsProducer } from '../src/posts-producer.js';

function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test` from the repo root, which starts a local Kafka broker');
  return value.split(',');
}

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
});

describe('PostsProducer', () => {
  const kafka = new Kafka({ brokers: brokers(), clientId: 'posts-producer-test', logLevel: logLevel.NOTHING });
  const topic = `producer-order-${randomBytes(4).toString('hex')}`;
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
    const consumer = kafka.consumer({ groupId: `${topic}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const order: number[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          order.push(codec.decode(message.value).createdAt);
          if (order.length === 500) resolve();
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(order).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
