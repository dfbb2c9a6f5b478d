import { afterEach, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { buildIngest } from '../src/app.js';
import { parseStoredCursor } from '../src/mastodon/cursor-records.js';
import { TopicCollector, testKafka, uniquePrefix } from './helpers/kafka.js';
import { metricValue, postUris } from './helpers/live-harness.js';
import { liveTestConfig } from './helpers/live-config.js';
import { captureLogs } from './helpers/log-capture.js';
import { waitFor } from './helpers/wait.js';
import { startMastodonServer } from './mastodon-server/server.js';

const kafka = testKafka();
const TOKEN = 'test-user-token_0123456789';

describe('a restarted ingest resumes where the last one stopped', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('fills the gap its downtime left, from the read positions saved in ingest.cursors', async () => {
    const server = await startMastodonServer({ token: TOKEN, pingIntervalMs: 200 });
    cleanups.push(() => server.close());
    const prefix = uniquePrefix('resume');
    const topics = topicNames(prefix);
    const config = liveTestConfig(prefix, { MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TOKEN });
    const start = async () => {
      const app = buildIngest({ config, logger: captureLogs('warn').logger, kafka, checkpointIntervalMs: 100 });
      await app.start();
      cleanups.push(() => app.stop());
      return app;
    };

    const first = await start();
    const posts = await new TopicCollector(kafka, topics.posts).start();
    const cursors = await new TopicCollector(kafka, topics.ingestCursors).start();
    cleanups.push(() => posts.stop(), () => cursors.stop());
    await waitFor('the public stream subscribed', () => server.stats.subscribes.some((s) => s.stream === 'public'));
    const published = [server.publish({ text: 'before the restart' }), server.publish({ text: 'also before' })];
    const before = published.map((status) => status.uri as string);
    const newestBefore = published.at(-1)?.id as string;
    await waitFor('the first posts in Kafka', () => before.every((uri) => postUris(posts.messages).includes(uri)));
    await waitFor('the read position saved', () => cursors.messages.some((m) => parseStoredCursor(m.value?.toString('utf8') ?? '')?.id === newestBefore));
    expect(await first.stop()).toBe(true);
    const saved = cursors.messages.at(-1);
    expect(saved?.key).toBe(`${server.host} public`);

    // Posts made while no ingest runs: more than one REST page, so the fill must page forward.
    const during: string[] = [];
    for (let i = 0; i < 50; i++) during.push(server.publish({ text: `while the ingest was down ${i}` }).uri as string);

    const second = await start();
    await waitFor('every post made during the downtime in Kafka', () => during.every((uri) => postUris(posts.messages).includes(uri)), 20_000);
    const after = server.publish({ text: 'after the restart' }).uri as string;
    await waitFor('the live stream going on', () => postUris(posts.messages).includes(after));

    expect(metricValue(second, 'ingest_gap_fill_statuses_total')).toBeGreaterThanOrEqual(50);
    // The fill starts at the saved position less the margin: it re-reads at most the posts of that margin.
    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set([...before, ...during, after]));
    expect(uris.length - new Set(uris).size).toBeLessThanOrEqual(before.length);
  }, 60_000);

  it('starts from the live stream when nothing was saved, without reading the backlog', async () => {
    const server = await startMastodonServer({ token: TOKEN, pingIntervalMs: 200 });
    cleanups.push(() => server.close());
    const old = server.publish({ text: 'made before any ingest ran' }).uri as string;
    const prefix = uniquePrefix('fresh');
    const config = liveTestConfig(prefix, { MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TOKEN });
    const app = buildIngest({ config, logger: captureLogs('warn').logger, kafka, checkpointIntervalMs: 100 });
    await app.start();
    cleanups.push(() => app.stop());
    const posts = await new TopicCollector(kafka, topicNames(prefix).posts).start();
    cleanups.push(() => posts.stop());
    await waitFor('the public stream subscribed', () => server.stats.subscribes.some((s) => s.stream === 'public'));
    const live = server.publish({ text: 'made while streaming' }).uri as string;
    await waitFor('the live post in Kafka', () => postUris(posts.messages).includes(live));
    expect(postUris(await posts.drain())).not.toContain(old);
    expect(metricValue(app, 'ingest_gap_fill_statuses_total')).toBe(0);
  }, 30_000);
});
