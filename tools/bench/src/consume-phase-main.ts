import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { topicNames } from '@trendstream/contracts/topics';
import { runMain } from '@trendstream/runtime/run-main';
import { testKafka } from '@trendstream/testkit/kafka';
import { peakRssMb, print, progress } from './bench-shared.js';

/**
 * The ceiling: a bare kafkajs consumer that decodes every message and does nothing else, with the same
 * fetch settings as the processor's consumer.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_TOTAL);
  const kafka = testKafka('bench-ceiling');
  const codec = postsTopicCodec();
  const consumer = kafka.consumer({ groupId: `bench-ceiling-${Date.now()}`, maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: topicNames(process.env.TOPIC_PREFIX ?? '').posts, fromBeginning: true });
  let seen = 0;
  let firstAt = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) codec.decode(message.value);
        seen += batch.messages.length;
        if (seen >= total) resolve(performance.now());
        return Promise.resolve();
      },
    });
  });
  const started = performance.now();
  const timer = setInterval(() => progress(`ceiling: ${seen}/${total}`), 2_000);
  const finished = await done;
  clearInterval(timer);
  await consumer.disconnect();
  print({
    posts: seen,
    seconds: (finished - started) / 1000,
    postsPerSecond: Math.round(seen / ((finished - started) / 1000)),
    postsPerSecondAfterFirstFetch: Math.round(seen / ((finished - firstAt) / 1000)),
    peakRssMb: peakRssMb(),
  });
}

runMain('bench', async () => {
  await main();
  return 0;
});
