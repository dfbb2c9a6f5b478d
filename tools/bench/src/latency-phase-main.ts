import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { io as connect } from 'socket.io-client';
import { createLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import { topicNames } from '@trendstream/contracts/topics';
import { buildProcessor } from '@trendstream/processor/app';
import { loadProcessorConfig } from '@trendstream/processor/config';
import { percentile, print, progress } from './bench-shared.js';
import { loadTemplates } from './post-templates.js';

const TICK_MS = 20;

/**
 * End-to-end latency: posts stamped as received "now" are produced at a fixed rate while a socket.io client
 * follows the 5m window; the processor reports, for each post, the time from receipt to the first delta sent
 * after the transaction that counted it.
 */
async function main(): Promise<void> {
  const rates = (process.env.BENCH_RATES ?? '500,1000,2000,4000,8000,16000,24000').split(',').map(Number);
  const seconds = Number(process.env.BENCH_RATE_SECONDS ?? '30');
  const config = loadProcessorConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  let latencies: number[] = [];
  const processor = buildProcessor({ config, logger: createLogger('bench', 'warn'), onLatency: (ms) => latencies.push(...ms) });
  const url = await processor.start();
  const client = connect(url, { transports: ['websocket'] });
  await new Promise<void>((resolve) => client.once('trends:snapshot', () => resolve()));

  const templates = await loadTemplates(process.env.BENCH_FILE ?? '', 5_000);
  const codec = postCodec();
  const kafka = new Kafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench-latency', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const topic = topicNames(config.TOPIC_PREFIX).posts;
  let sequence = 0;

  const results = [];
  for (const rate of rates) {
    latencies = [];
    const started = Date.now();
    let produced = 0;
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate) - produced;
      if (due > 0) {
        const now = Date.now();
        const messages = Array.from({ length: due }, () => {
          const template = templates[sequence % templates.length] as Post;
          sequence += 1;
          const post: Post = { ...template, uri: `https://bench.example/statuses/${sequence}`, createdAt: now, receivedAt: now };
          return { key: post.uri, value: codec.encode(post) };
        });
        // A producer that fell behind sends what is due in pieces: one request must stay under the broker's
        // message size limit (it once failed the whole benchmark at 16,000 posts/s).
        for (let start = 0; start < messages.length; start += 1_000) await producer.send({ topic, messages: messages.slice(start, start + 1_000) });
        produced += due;
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    const achieved = produced / ((Date.now() - started) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const health = (await processor.http.inject({ url: '/api/health' })).json<{ consumerLag: number }>();
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      targetRate: rate,
      achievedRate: Math.round(achieved),
      samples: sorted.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      lagAfter2s: health.consumerLag,
      sustainable: health.consumerLag < rate && percentile(sorted, 99) < 5_000,
    };
    progress(`latency at ${rate}/s: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, lag ${result.lagAfter2s}`);
    results.push(result);
    if (!result.sustainable) break;
    // Let the processor drain before the next rate.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  client.close();
  await producer.disconnect();
  await processor.close();
  print({ rates: results });
}

runMain('bench', async () => {
  await main();
  return 0;
});
