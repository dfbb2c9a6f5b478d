import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

interface IngestResult {
  throughput: { posts: number; postsPerSecond: number; recordsProduced: number; ingestPeakRssMb: number };
  silent: { secondsToFirstRecoveredPost: number; postsMadeDuringSilence: number; postsRecovered: number; stalls: number };
  ingestExitCode: number;
}

// The figures come from `npm run bench:ingest` on a quiet machine; this only proves that it still runs end to end
// on a few thousand posts with a short stall timeout. No timing is asserted.
describe('npm run bench:ingest, on 3,000 posts', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('replays the posts through a real ingest, recovers a silent feed, and writes a result', async () => {
    const bench = startScript('tools/bench/dist/ingest-main.js', [], {
      env: {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        BENCH_INGEST_POSTS: '3000',
        BENCH_INGEST_STALL_TIMEOUT_MS: '1000',
        BENCH_INGEST_SILENT_POSTS: '3',
        BENCH_RESULTS_DIR: outDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    expect(await exitCode(bench)).toBe(0);
    const [file] = readdirSync(outDir).filter((name) => name.startsWith('ingest-'));
    const result = JSON.parse(readFileSync(path.join(outDir, file ?? 'missing'), 'utf8')) as IngestResult;
    expect(result.throughput.recordsProduced).toBe(3000);
    expect(result.throughput.postsPerSecond).toBeGreaterThan(0);
    expect(result.throughput.ingestPeakRssMb).toBeGreaterThan(0);
    expect(result.silent.postsRecovered).toBe(result.silent.postsMadeDuringSilence);
    expect(result.silent.postsMadeDuringSilence).toBe(3);
    expect(result.silent.stalls).toBeGreaterThanOrEqual(1);
    expect(result.ingestExitCode).toBe(0);
  }, 300_000);
});
