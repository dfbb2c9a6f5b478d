import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import { readStatusFile, recount } from '../support/posts.js';
import { appliedOffsets, storedCounts, testStack } from '../support/stack.js';

describe('crash safety', () => {
  // Many small transactions so that kills land between and inside them; lateness wide enough that the
  // sample's arrival order never drops an original, so the expected state is a plain recount.
  const stack = testStack({
    FLUSH_MAX_POSTS: '250',
    FLUSH_INTERVAL_MS: '50',
    ALLOWED_LATENESS_SECONDS: '3600',
    // A killed member holds its partitions until its session times out: keep that short.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  });
  let processor: ChildProcess | undefined;

  afterAll(async () => {
    processor?.kill('SIGKILL');
    await dropDatabase(stack.database);
  });

  it('kill -9 at random points loses nothing and double-counts nothing', async () => {
    const posts = await readStatusFile(SAMPLE_PATH);
    const replay = startScript('ingest/dist/replay-main.js', [SAMPLE_PATH, '--max'], { env: stack.env });
    expect(await exitCode(replay)).toBe(0);

    // Seeded so a failure can be reproduced: kill points between 10% and 90% of the work, a few ms apart.
    let seed = 20_261_125;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const killPoints = [0.1 + random() * 0.2, 0.35 + random() * 0.2, 0.6 + random() * 0.3].map((share) => Math.floor(share * posts.length));
    for (const point of killPoints) {
      processor = startScript('processor/dist/main.js', [], { env: stack.env });
      await waitFor(async () => (await appliedOffsets(stack.database)) >= point, { what: `progress past offset ${point}`, timeoutMs: 120_000, intervalMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
      processor.kill('SIGKILL');
      await exitCode(processor);
    }
    processor = startScript('processor/dist/main.js', [], { env: stack.env });
    await waitFor(async () => (await appliedOffsets(stack.database)) === posts.length, { what: 'every message applied', timeoutMs: 180_000 });
    processor.kill('SIGTERM');
    expect(await exitCode(processor)).toBe(0);

    const expected = recount(posts, 5_000);
    const actual = await storedCounts(stack.database);
    const differences = [...new Set([...expected.keys(), ...actual.keys()])].filter((key) => expected.get(key) !== actual.get(key));
    expect(differences.slice(0, 10).map((key) => `${key}: expected ${expected.get(key)}, stored ${actual.get(key)}`)).toEqual([]);
    expect(actual.size).toBe(expected.size);
  });
});
