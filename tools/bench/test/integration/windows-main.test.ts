import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envVar } from '@trendstream/testkit/env';
import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

interface WindowsResult {
  cells: number;
  startSeconds: number;
  api: Array<{ query: string; p50Ms: number; p99Ms: number }>;
  idle: { rooms: number; processorCpuPercent: number; deltas: number };
}

// The figures come from `npm run bench:windows` on a quiet machine; this only proves that it still runs end to end
// on two minutes of counts. No timing is asserted.
describe('npm run bench:windows, on two minutes of counts', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-windows-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('stores the counts, times every window and sort, follows twenty rooms, and writes a result', async () => {
    const mysqlUrl = envVar('MYSQL_URL');
    const bench = startScript('tools/bench/dist/windows-main.js', [], {
      env: {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        ...(mysqlUrl ? { MYSQL_URL: mysqlUrl } : {}),
        BENCH_WINDOWS_MINUTES: '2',
        BENCH_WINDOWS_REQUESTS: '3',
        BENCH_WINDOWS_IDLE_SECONDS: '2',
        BENCH_RESULTS_DIR: outDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    expect(await exitCode(bench)).toBe(0);
    const [file] = readdirSync(outDir).filter((name) => name.startsWith('windows-'));
    const result = JSON.parse(readFileSync(path.join(outDir, file ?? 'missing'), 'utf8')) as WindowsResult;
    expect(result.cells).toBeGreaterThan(10_000);
    expect(result.startSeconds).toBeGreaterThan(0);
    expect(result.api.map((entry) => entry.query)).toHaveLength(16);
    expect(result.api.every((entry) => entry.p50Ms > 0 && entry.p99Ms >= entry.p50Ms)).toBe(true);
    expect(result.idle.rooms).toBe(20);
    expect(result.idle.processorCpuPercent).toBeGreaterThanOrEqual(0);
  }, 300_000);
});
