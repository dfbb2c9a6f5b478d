import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import mysql from 'mysql2/promise';
import { createLogger } from '@trendstream/runtime/logger';
import { waitFor } from '@trendstream/testkit/wait-for';
import { runMain } from '@trendstream/runtime/run-main';
import { buildProcessor } from '@trendstream/processor/app';
import { loadProcessorConfig } from '@trendstream/processor/config';
import { metricSum, peakRssMb, print, progress } from './bench-shared.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self time per function and per package, from a V8 CPU profile: where the time goes. */
function summarize(profile: { nodes: ProfileNode[]; samples?: number[] }, top = 15) {
  const hits = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    if (count === 0) continue;
    total += count;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      .replace(/^file:\/\//u, '')
      .replace(/.*node_modules\//u, 'node_modules/')
      .replace(/.*\/(processor|packages\/[a-z-]+)\//u, '$1/');
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    hits.set(name, (hits.get(name) ?? 0) + count);
    const area =
      url === ''
        ? functionName || '(native)'
        : (/node_modules\/([^/]+)/u.exec(url)?.[1] ?? /(processor|packages\/[a-z-]+)\/dist\/([^/]+)/u.exec(url)?.slice(1).join('/') ?? 'node:internal');
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
  const share = (n: number) => Math.round((1000 * n) / Math.max(1, total)) / 10;
  return {
    topFunctions: [...hits.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => ({ name, selfPercent: share(n) })),
    byArea: [...byArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, n]) => ({ area, selfPercent: share(n) })),
  };
}

/** The full processor over the same topic, from an empty database, with a CPU profile. */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_TOTAL);
  const config = loadProcessorConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const processor = buildProcessor({ config, logger: createLogger('bench', 'warn') });
  // start() creates the database: connect to it only afterwards.
  let connection: mysql.Connection | undefined;
  const applied = async () => {
    connection ??= await mysql.createConnection({ uri: config.MYSQL_URL });
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets WHERE topic = ?', [
      `${config.TOPIC_PREFIX}posts`,
    ]);
    return Number(rows[0]?.n ?? 0);
  };
  const uncompactedChanges = async () => {
    const [rows] = await connection!.query<mysql.RowDataPacket[]>(
      'SELECT (SELECT seq FROM count_change_head WHERE id = 1) - (SELECT seq FROM count_compaction_head WHERE id = 1) AS n',
    );
    return Number(rows[0]?.n ?? 0);
  };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  const started = performance.now();
  await processor.start();
  let done = 0;
  while (done < total) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    done = await applied();
    progress(`processor: ${done}/${total}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const { profile } = await session.post('Profiler.stop');
  if (process.env.BENCH_PROFILE_FILE) {
    mkdirSync(path.dirname(process.env.BENCH_PROFILE_FILE), { recursive: true });
    writeFileSync(process.env.BENCH_PROFILE_FILE, JSON.stringify(profile));
  }
  // The offsets are visible in MySQL a moment before the processor records the transaction's metrics: read
  // them once every message is in them (a scrape taken in between read 0 rows for a one-batch run).
  let metrics = await processor.http.inject({ url: '/metrics' });
  while (metricSum(metrics.body, 'trendstream_posts_in_total') + metricSum(metrics.body, 'trendstream_dead_letters_total') < total) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    metrics = await processor.http.inject({ url: '/metrics' });
  }
  // Rows per post include compaction's (the counts folded into their buckets): wait until it has folded the whole run.
  await waitFor(async () => (await uncompactedChanges()) === 0, { what: 'compaction to fold the whole run', timeoutMs: 120_000, intervalMs: 250 });
  metrics = await processor.http.inject({ url: '/metrics' });
  const compactionRows = metricSum(metrics.body, 'trendstream_compaction_rows_total');
  const rowsWritten = compactionRows + Number(/^trendstream_flush_rows_sum (\S+)/mu.exec(metrics.body)?.[1] ?? Number.NaN);
  const flushes = Number(/^trendstream_flush_rows_count (\S+)/mu.exec(metrics.body)?.[1] ?? Number.NaN);
  const flushSeconds = Number(/^trendstream_flush_duration_seconds_sum (\S+)/mu.exec(metrics.body)?.[1] ?? Number.NaN);
  await processor.close();
  await connection?.end();
  print({
    posts: total,
    seconds,
    postsPerSecond: Math.round(total / seconds),
    peakRssMb: peakRssMb(),
    rowsWritten,
    compactionRows,
    rowsPerPost: Math.round((rowsWritten / total) * 100) / 100,
    transactions: flushes,
    secondsInTransactions: Math.round(flushSeconds * 10) / 10,
    profile: summarize(profile),
  });
}

runMain('bench', async () => {
  await main();
  return 0;
});
