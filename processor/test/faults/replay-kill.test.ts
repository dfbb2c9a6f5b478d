import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import { readStatusFile, recount } from '../support/posts.js';
import { faultCases } from './support/fault-case.js';
import { BUCKET_MS } from './support/workload.js';

const POSTS = 100_000;

describe('the replay killed with produces in flight', () => {
  const cases = faultCases();
  let replay: ChildProcess | undefined;
  afterEach(() => {
    replay?.kill('SIGKILL');
  });

  it('kill -9 of a replay mid-file, then the same replay again from the start: what it sent twice counts once', async () => {
    const world = await cases.world();
    // A generated file of 100,000 statuses whose hour ends now, so the live windows hold its end.
    const file = path.join(world.scratchDir, 'posts.jsonl.gz');
    const start = new Date(Date.now() - 60 * 60_000).toISOString();
    const generator = startScript('tools/sample/dist/generate-sample-main.js', [
      '--out',
      file,
      '--count',
      String(POSTS),
      '--span',
      '60m',
      '--seed',
      'faults',
      '--start',
      start,
    ]);
    expect(await exitCode(generator)).toBe(0);
    const posts = await readStatusFile(file);
    expect(posts.length).toBe(POSTS);

    const processor = await world.spawnProcessor();
    const replayEnv = { KAFKA_BROKERS: world.brokers, TOPIC_PREFIX: world.stack.prefix, LOG_LEVEL: 'warn' };
    replay = startScript('ingest/dist/replay-main.js', [file, '--max'], { env: replayEnv });
    const admin = world.kafka().admin();
    await admin.connect();
    try {
      const produced = async () =>
        (await admin.fetchTopicOffsets(topicNames(world.stack.prefix).posts).catch(() => [])).reduce((sum, partition) => sum + Number(partition.high), 0);
      await waitFor(async () => (await produced()) >= 0.4 * POSTS, { what: '40 % of the file produced', timeoutMs: 120_000, intervalMs: 20 });
    } finally {
      await admin.disconnect();
    }
    replay.kill('SIGKILL');
    await exitCode(replay);

    replay = startScript('ingest/dist/replay-main.js', [file, '--max'], { env: replayEnv });
    expect(await exitCode(replay)).toBe(0);
    await world.expectExact(processor, recount(posts, BUCKET_MS));
  });
});
