import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { runMain } from '@trendstream/runtime/run-main';
import { topicNames } from '@trendstream/contracts/topics';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { RESULTS_DIR } from './bench-shared.js';
import { runJetstreamPhase, type PhaseOptions } from './ingest-jetstream-phase.js';
import { runMastodonPhase } from './ingest-mastodon-phase.js';
import { loadTemplates } from './post-templates.js';
import { freePort } from '@trendstream/testkit/free-port';

/**
 * `npm run bench:ingest` (issue 11): one live ingest process per source, each reading a local server that
 * speaks its network's protocol, into the real broker.
 * Bluesky (Jetstream): BENCH_INGEST_POSTS posts (default 100,000) read from a saved cursor as fast as the
 * ingest can (goal ≥ 5,000 posts/s). Mastodon: BENCH_INGEST_MASTODON_POSTS statuses (default 20,000) streamed
 * at BENCH_INGEST_MASTODON_RATE a second (2,000).
 * Then, for each, a feed that goes silent while a post a second is still made: the time until the first of
 * them is in Kafka (goal ≤ 60 s) and whether all arrive.
 */
const POSTS = Number(process.env.BENCH_INGEST_POSTS ?? 100_000);
const MASTODON_POSTS = Number(process.env.BENCH_INGEST_MASTODON_POSTS ?? 20_000);
const MASTODON_RATE = Number(process.env.BENCH_INGEST_MASTODON_RATE ?? 2_000);
const SILENT_POSTS = Number(process.env.BENCH_INGEST_SILENT_POSTS ?? 10);
const OUT_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : RESULTS_DIR;

/** Product settings a short test run may lower (BENCH_INGEST_STALL_TIMEOUT_MS, BENCH_INGEST_AUDIT_INTERVAL_MS). */
function ingestOverrides(): Record<string, string> {
  const overrides: Record<string, string> = { POSTS_PARTITIONS: '1', MASTODON_INSTANCES: '' };
  if (process.env.BENCH_INGEST_STALL_TIMEOUT_MS) overrides.BLUESKY_STALL_TIMEOUT_MS = process.env.BENCH_INGEST_STALL_TIMEOUT_MS;
  if (process.env.BENCH_INGEST_AUDIT_INTERVAL_MS) overrides.MASTODON_AUDIT_INTERVAL_MS = process.env.BENCH_INGEST_AUDIT_INTERVAL_MS;
  return overrides;
}

runMain('bench:ingest', async ({ signal }) => {
  for (const [name, value] of [
    ['BENCH_INGEST_POSTS', POSTS],
    ['BENCH_INGEST_MASTODON_POSTS', MASTODON_POSTS],
    ['BENCH_INGEST_SILENT_POSTS', SILENT_POSTS],
    ['BENCH_INGEST_MASTODON_RATE', MASTODON_RATE],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got "${process.env[name]}"`);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const kafka = new Kafka({ clientId: 'bench-ingest', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const templates = await loadTemplates(SAMPLE_PATH, 5_000);
  const created: string[] = [];
  const phase = async <T>(name: string, posts: number, run: (options: PhaseOptions) => Promise<T>): Promise<T> => {
    const prefix = `bench-ingest-${name}-${Date.now()}.`;
    const topics = topicNames(prefix);
    created.push(...[topics.posts, topics.postsDeadLetter, topics.hashtags, topics.ingestStatus, topics.ingestCursors]);
    await ensureTopics(admin, topics, { postsPartitions: 1 });
    return run({
      kafka,
      admin,
      prefix,
      topics,
      templates,
      posts,
      silentPosts: SILENT_POSTS,
      port: await freePort(),
      signal,
      env: { ...process.env, ...ingestOverrides() },
    });
  };
  try {
    const bluesky = await phase('bluesky', POSTS, runJetstreamPhase);
    const mastodon = await phase('mastodon', MASTODON_POSTS, runMastodonPhase);
    const result = { bench: 'ingest', at: stamp, bluesky, mastodon };
    mkdirSync(OUT_DIR, { recursive: true });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync(path.join(OUT_DIR, `ingest-${stamp}.json`), json);
    process.stdout.write(json);
    return bluesky.ingestExitCode === 0 && mastodon.ingestExitCode === 0 ? 0 : 1;
  } finally {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  }
});
