import { afterEach, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { buildIngest } from '../../src/app.js';
import { parseStoredCursor } from '../../src/sources/cursor-records.js';
import { TopicCollector } from '@trendstream/testkit/topic-collector';
import { restartableIngest, metricValue, postUris } from '../support/live-harness.js';
import { liveTestConfig, TEST_USER_TOKEN } from '../support/live-config.js';
import { captureLogs } from '../support/log-capture.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('a restarted ingest resumes where the last one stopped', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fills the gap its downtime left, from the read positions saved in ingest.cursors', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    cleanups.add(() => server.close());
    const prefix = uniqueTopicPrefix('resume');
    const config = liveTestConfig(prefix, { MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN });
    const { start, first, posts, cursors } = await restartableIngest(kafka, config, cleanups);
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    const published = [server.publish({ text: 'before the restart' }), server.publish({ text: 'also before' })];
    const before = published.map((status) => status.uri as string);
    const newestBefore = published.at(-1)?.id as string;
    await waitFor(() => before.every((uri) => postUris(posts.messages).includes(uri)), { what: 'the first posts in Kafka' });
    await waitFor(() => cursors.messages.some((m) => parseStoredCursor(m.value?.toString('utf8') ?? '')?.id === newestBefore), {
      what: 'the read position saved',
    });
    expect(await first.stop()).toBe(true);
    const saved = cursors.messages.at(-1);
    expect(saved?.key).toBe(`${server.host} public`);

    // Posts made while no ingest runs: more than one REST page, so the fill must page forward.
    const during: string[] = [];
    for (let i = 0; i < 50; i++) during.push(server.publish({ text: `while the ingest was down ${i}` }).uri as string);

    const second = await start();
    await waitFor(() => during.every((uri) => postUris(posts.messages).includes(uri)), {
      what: 'every post made during the downtime in Kafka',
      timeoutMs: 20_000,
    });
    const after = server.publish({ text: 'after the restart' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(after), { what: 'the live stream going on' });

    expect(metricValue(second, 'ingest_gap_fill_statuses_total')).toBeGreaterThanOrEqual(50);
    // The fill starts at the saved position less the margin: it re-reads at most the posts of that margin.
    const uris = postUris(posts.messages);
    expect(new Set(uris)).toEqual(new Set([...before, ...during, after]));
    expect(uris.length - new Set(uris).size).toBeLessThanOrEqual(before.length);
  }, 60_000);

  it('starts from the live stream when nothing was saved, without reading the backlog', async () => {
    const server = await startMastodonServer({ token: TEST_USER_TOKEN, pingIntervalMs: 200 });
    cleanups.add(() => server.close());
    const old = server.publish({ text: 'made before any ingest ran' }).uri as string;
    const prefix = uniqueTopicPrefix('fresh');
    const config = liveTestConfig(prefix, { MASTODON_INSTANCES: server.url, MASTODON_ACCESS_TOKEN: TEST_USER_TOKEN });
    const app = buildIngest({ config, logger: captureLogs('warn').logger, kafka, checkpointIntervalMs: 100 });
    await app.start();
    cleanups.add(() => app.stop());
    const posts = await new TopicCollector(kafka, topicNames(prefix).posts).start();
    cleanups.add(() => posts.stop());
    await waitFor(() => server.stats.subscribes.some((s) => s.stream === 'public'), { what: 'the public stream subscribed' });
    const live = server.publish({ text: 'made while streaming' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(live), { what: 'the live post in Kafka' });
    expect(postUris(await posts.drain())).not.toContain(old);
    expect(metricValue(app, 'ingest_gap_fill_statuses_total')).toBe(0);
  }, 30_000);
});
