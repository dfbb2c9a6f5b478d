import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '@trendstream/runtime/run-main';
import { kafkaBrokers } from '@trendstream/testkit/kafka';
import { dropDatabase, mysqlServerUrl } from '@trendstream/testkit/mysql';
import { uniqueName } from '@trendstream/testkit/names';
import { REPO_ROOT, RESULTS_DIR, runCommand, runPhase } from './bench-shared.js';

/**
 * `npm run bench`: (a) a bare kafkajs consume-and-decode loop (the ceiling), (b) the full processor and (d) the
 * Spark engine over the same topic of generated posts, then (c) end-to-end latency at fixed rates. Writes
 * tools/bench/results/.
 */
const COUNT = Number(process.env.BENCH_POSTS ?? '200000');
/** Where the run's JSON and CPU profile go; the smoke test points it at a scratch directory. */
const OUT_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : RESULTS_DIR;

async function main(): Promise<number> {
  kafkaBrokers(); // fails at once, naming the fix, when no broker was given
  const mysqlServer = mysqlServerUrl();
  const cache = path.join(REPO_ROOT, '.cache', 'bench');
  mkdirSync(cache, { recursive: true });
  const file = path.join(cache, `posts-${COUNT}.jsonl.gz`);
  if (!existsSync(file)) {
    console.error(`Generating ${COUNT} posts into ${file}...`);
    await runCommand('tools/sample/dist/generate-sample-main.js', ['--out', file, '--count', String(COUNT), '--span', '60m', '--seed', 'bench'], process.env);
  }
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const prefix = `bench-${Date.now()}.`;
  const database = uniqueName('trendstream_bench');
  const env = { ...process.env, TOPIC_PREFIX: prefix, MYSQL_URL: `${mysqlServer}/${database}`, BENCH_TOTAL: String(COUNT), BENCH_FILE: file };

  console.error(`Loading ${COUNT} posts into ${prefix}posts (replay --max)...`);
  const loadStarted = performance.now();
  await runCommand('ingest/dist/replay-main.js', [file, '--max'], env);
  const replaySeconds = (performance.now() - loadStarted) / 1000;

  console.error('(a) ceiling: bare kafkajs consume + Avro decode...');
  const ceiling = await runPhase('consume-phase-main.js', env);
  console.error('(b) full processor...');
  const profileFile = path.join(OUT_DIR, `processor-${stamp}.cpuprofile`);
  const full = await runPhase('processor-phase-main.js', { ...env, BENCH_PROFILE_FILE: profileFile });
  console.error('(d) the Spark engine, local mode...');
  const spark = await runPhase('spark-phase-main.js', { ...env, MYSQL_URL: `${mysqlServer}/${database}_spark` });
  console.error('(c) end-to-end latency...');
  const latency = await runPhase('latency-phase-main.js', { ...env, TOPIC_PREFIX: `${prefix}latency.`, MYSQL_URL: `${mysqlServer}/${database}_latency` });

  await dropDatabase(database);
  await dropDatabase(`${database}_latency`);
  await dropDatabase(`${database}_spark`);

  const ratio = Number(full.postsPerSecond) / Number(ceiling.postsPerSecond);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    posts: COUNT,
    replayMaxPostsPerSecond: Math.round(COUNT / replaySeconds),
    ceiling,
    processor: full,
    spark,
    ratio: Math.round(ratio * 100) / 100,
    goals: { ratioAtLeast: 0.35, postsPerSecondAtLeast: 6000, latencyAt500: { p50MsAtMost: 300, p99MsAtMost: 1000 } },
    latency,
  };
  const outFile = path.join(OUT_DIR, `processor-${stamp}.json`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(OUT_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);

  console.log(`\nTrendstream processor benchmark, ${COUNT} posts, ${result.machine.cpus} cores, Node ${process.version}`);
  console.log(`  replay --max into Kafka      ${result.replayMaxPostsPerSecond} posts/s`);
  console.log(`  (a) ceiling: consume+decode  ${String(ceiling.postsPerSecond)} posts/s, peak RSS ${String(ceiling.peakRssMb)} MB`);
  console.log(
    `  (b) full processor           ${String(full.postsPerSecond)} posts/s, peak RSS ${String(full.peakRssMb)} MB, ${String(full.rowsPerPost)} MySQL rows/post`,
  );
  console.log(`  ratio b/a                    ${result.ratio} (goal >= 0.35; goal >= 6000 posts/s)`);
  console.log(
    `  (d) Spark engine, local      ${String(spark.postsPerSecond)} posts/s (first commit after ${String(spark.firstCommitSeconds)} s, then ${String(spark.afterFirstCommitPostsPerSecond)} posts/s), peak RSS ${String(spark.peakRssMb)} MB`,
  );
  for (const rate of (latency.rates ?? []) as Array<Record<string, number | boolean>>) {
    console.log(
      `  latency @ ${String(rate.targetRate)}/s             p50 ${String(rate.p50Ms)} ms, p99 ${String(rate.p99Ms)} ms, sustainable: ${String(rate.sustainable)}`,
    );
  }
  console.log(
    `  where the time goes (self %): ${((full.profile as { byArea: Array<{ area: string; selfPercent: number }> }).byArea ?? [])
      .slice(0, 8)
      .map((a) => `${a.area} ${a.selfPercent}`)
      .join(', ')}`,
  );
  console.log(`Results: ${path.relative(REPO_ROOT, outFile)}`);
  return 0;
}

runMain('bench', main);
