import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

interface SourceResult {
  throughput: { posts: number; postsPerSecond: number; recordsProduced: number; ingestPeakRssMb: number };
  silent: { secondsToFirstRecoveredPost: number; postsMadeDuringSilence: number; postsRecovered: number };
  ingestExitCode: number;
}

// The figures come from `npm run bench:ingest` on a quiet machine; this only proves that it still runs end to end
// on a few thousand posts with short stall and audit intervals. No timing is asserted.
describe('npm run bench:ingest, on a few thousand posts', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('reads every post of each source through a real ingest, recovers each silent feed, and writes a result', async () => {
    const bench = startScript('tools/bench/dist/ingest-main.js', [], {
      env: {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        BENCH_INGEST_POSTS: '3000',
        BENCH_INGEST_MASTODON_POSTS: '1000',
        BENCH_INGEST_STALL_TIMEOUT_MS: '1000',
        BENCH_INGEST_AUDIT_INTERVAL_MS: '1000',
        BENCH_INGEST_SILENT_POSTS: '3',
        BENCH_RESULTS_DIR: outDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    expect(await exitCode(bench)).toBe(0);
    const [file] = readdirSync(outDir).filter((name) => name.startsWith('ingest-'));
    const result = JSON.parse(readFileSync(path.join(outDir, file ?? 'missing'), 'utf8')) as { bluesky: SourceResult; mastodon: SourceResult };
    expect(result.bluesky.throughput.recordsProduced).toBe(3000);
    expect(result.mastodon.throughput.recordsProduced).toBe(1000);
    for (const source of [result.bluesky, result.mastodon]) {
      expect(source.throughput.postsPerSecond).toBeGreaterThan(0);
      expect(source.throughput.ingestPeakRssMb).toBeGreaterThan(0);
      expect(source.silent.postsMadeDuringSilence).toBe(3);
      expect(source.silent.postsRecovered).toBe(3);
      expect(source.ingestExitCode).toBe(0);
    }
  }, 300_000);
});
