import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { buildProcessor } from '@trendstream/processor/app';
import { loadProcessorConfig } from '@trendstream/processor/config';
import { createLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import { REPO_ROOT, print, progress } from './bench-shared.js';
import { peakRssMbOf } from './process-usage.js';

/**
 * The Spark engine (local mode, this machine's cores) over the same topic as the processor phase, from an empty
 * database that a processor in COUNTING_ENGINE=spark prepares and serves. The clock starts when the job is
 * launched (JVM and Spark start-up included). `firstCommitSeconds` is the time from launch to the first committed
 * counting transaction (start-up plus the first task of the first micro-batch); `afterFirstCommitPostsPerSecond`
 * is the rate of the rest.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_TOTAL);
  const config = loadProcessorConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn', COUNTING_ENGINE: 'spark' });
  const processor = buildProcessor({ config, logger: createLogger('bench', 'warn') });
  await processor.start();
  const connection = await mysql.createConnection({ uri: config.MYSQL_URL });
  const applied = async () => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT COALESCE(SUM(next_offset), 0) AS n FROM partition_offsets WHERE topic = ?', [
      `${config.TOPIC_PREFIX}posts`,
    ]);
    return Number(rows[0]?.n ?? 0);
  };
  const checkpoint = mkdtempSync(path.join(os.tmpdir(), 'trendstream-bench-spark-'));
  const classpath = `${path.join(REPO_ROOT, 'spark', 'target', 'classes')}:${readFileSync(path.join(REPO_ROOT, 'spark', 'target', 'classpath.txt'), 'utf8').trim()}`;
  const heap = process.env.BENCH_SPARK_HEAP ?? '2g';
  const started = performance.now();
  const job = spawn('java', [`@${path.join(REPO_ROOT, 'spark', 'jvm.options')}`, `-Xmx${heap}`, '-cp', classpath, 'dev.trendstream.spark.job.StreamingJob'], {
    env: { ...process.env, SPARK_CHECKPOINT_DIR: checkpoint, SPARK_TRIGGER_MS: '200' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => job.once('exit', (code) => resolve(code)));
  let firstAt: number | undefined;
  let firstApplied = 0;
  let done = 0;
  let peakRss = 0;
  try {
    while (done < total) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (job.exitCode !== null) throw new Error(`the Spark job exited with ${job.exitCode} after ${done} of ${total} posts`);
      done = await applied();
      if (done > 0 && firstAt === undefined) {
        firstAt = performance.now();
        firstApplied = done;
      }
      peakRss = Math.max(peakRss, peakRssMbOf(job.pid!));
      progress(`spark: ${done}/${total}`);
    }
  } finally {
    job.kill('SIGTERM');
    await exited;
    await connection.end();
    await processor.close();
    rmSync(checkpoint, { recursive: true, force: true });
  }
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  print({
    posts: total,
    seconds: Math.round(seconds * 10) / 10,
    postsPerSecond: Math.round(total / seconds),
    firstCommitSeconds: Math.round(((firstAt ?? finished) - started) / 100) / 10,
    afterFirstCommitPostsPerSecond: Math.round((total - firstApplied) / ((finished - (firstAt ?? started)) / 1000)),
    peakRssMb: peakRss,
    heap,
    master: process.env.SPARK_MASTER ?? 'local[2,4]',
  });
}

runMain('bench-spark', async () => {
  await main();
  return 0;
});
