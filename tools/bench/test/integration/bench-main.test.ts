import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envVar } from '@trendstream/testkit/env';
import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

interface BenchResult {
  posts: number;
  ceiling: { posts: number; postsPerSecond: number };
  processor: { posts: number; postsPerSecond: number; rowsPerPost: number };
  spark: { posts: number; postsPerSecond: number; peakRssMb: number };
  latency: { rates: { targetRate: number; p50Ms: number; p99Ms: number }[] };
}

// The figures come from `npm run bench` on a quiet machine; this only proves that every phase still runs end to
// end (the processor phase broke once when buildProcessor stopped creating the database). No timing is asserted.
describe('npm run bench:processor, on a few thousand posts', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every phase and writes a result with each figure', async () => {
    const mysqlUrl = envVar('MYSQL_URL');
    const bench = startScript('tools/bench/dist/bench-main.js', [], {
      env: {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        ...(mysqlUrl ? { MYSQL_URL: mysqlUrl } : {}),
        BENCH_POSTS: '3000',
        BENCH_RATES: '500',
        BENCH_RATE_SECONDS: '3',
        BENCH_RESULTS_DIR: outDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    expect(await exitCode(bench)).toBe(0);
    const result = JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')) as BenchResult;
    expect(result.posts).toBe(3000);
    expect(result.ceiling.posts).toBe(3000);
    expect(result.ceiling.postsPerSecond).toBeGreaterThan(0);
    expect(result.processor.posts).toBe(3000);
    expect(result.processor.postsPerSecond).toBeGreaterThan(0);
    expect(result.processor.rowsPerPost).toBeGreaterThan(1);
    expect(result.spark.posts).toBe(3000);
    expect(result.spark.postsPerSecond).toBeGreaterThan(0);
    expect(result.spark.peakRssMb).toBeGreaterThan(0);
    expect(result.latency.rates.map((rate) => rate.targetRate)).toEqual([500]);
    expect(result.latency.rates[0]?.p50Ms).toBeGreaterThan(0);
  }, 300_000);
});
