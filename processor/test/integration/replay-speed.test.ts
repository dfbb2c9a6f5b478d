import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { appliedOffsets, query, startProcessor, storedCounts, testStack } from '../support/stack.js';

describe('replay speed does not change counts', () => {
  const fast = testStack({ ALLOWED_LATENESS_SECONDS: '1' });
  const slow = testStack({ ALLOWED_LATENESS_SECONDS: '1' });
  const processors: Processor[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trendstream-speed-'));

  afterAll(async () => {
    for (const processor of processors) await processor.close();
    await dropDatabase(fast.database);
    await dropDatabase(slow.database);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--max and --speed 1 of the same file end with identical counts', async () => {
    // A short generated file (boosts, cross-instance copies, arrival jitter) with a 1 s lateness, so copies
    // arrive behind the watermark: they still count in their own buckets, whatever the speed.
    const file = path.join(dir, 'posts.jsonl');
    expect(await exitCode(startScript('tools/sample/dist/generate-sample-main.js', ['--out', file, '--count', '600', '--span', '6s', '--seed', 'speed']))).toBe(
      0,
    );
    processors.push((await startProcessor(fast)).processor, (await startProcessor(slow)).processor);
    const [fastExit, slowExit] = await Promise.all([
      exitCode(startScript('ingest/dist/replay-main.js', [file, '--max'], { env: fast.env })),
      exitCode(startScript('ingest/dist/replay-main.js', [file, '--speed', '1'], { env: slow.env })),
    ]);
    expect([fastExit, slowExit]).toEqual([0, 0]);
    for (const stack of [fast, slow]) {
      await waitFor(async () => (await appliedOffsets(stack.database)) === 600, { what: 'every line applied', timeoutMs: 60_000 });
    }
    const fastCounts = await storedCounts(fast.database);
    expect(fastCounts.size).toBeGreaterThan(100);
    expect(Object.fromEntries(await storedCounts(slow.database))).toEqual(Object.fromEntries(fastCounts));
    const late = async (database: string) => Number((await query(database, 'SELECT SUM(late_posts) AS n FROM partition_offsets'))[0]?.n);
    expect([await late(slow.database), await late(fast.database)]).toEqual([0, 0]);
  });
});
