import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { topicNames } from '@trendstream/contracts/topics';
import { runMain } from '@trendstream/runtime/run-main';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { dropDatabase, mysqlServerUrl } from '@trendstream/testkit/mysql';
import { uniqueName } from '@trendstream/testkit/names';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { waitFor } from '@trendstream/testkit/wait-for';
import { REPO_ROOT, RESULTS_DIR, progress } from './bench-shared.js';
import { API_PATHS, loadApi, type ApiRun } from './load-api.js';
import {
  CLIENT_PLANS,
  GOAL_CLIENTS,
  GOAL_P99_MS,
  connectedClients,
  consumerLag,
  runClientStep,
  type StepContext,
  type StepResult,
} from './load-client-step.js';
import { PostFeed } from './load-feed.js';
import { loadTemplates } from './post-templates.js';
import type { CloseResult, ProcessUsage } from './load-protocol.js';
import { loadReport } from './load-report.js';
import { ChildRpc } from './load-rpc.js';
import { loadSettings, type LoadSettings } from './load-settings.js';
import { openFilesLimit } from './load-usage.js';

/**
 * `npm run bench:load`: the load one processor holds on this machine. The processor runs in its own process
 * on a fresh database and topic prefix; this process feeds it posts and measures its HTTP API with
 * autocannon; one or more client processes then hold ever more socket.io clients until the deltas no longer
 * reach them on time. Writes tools/bench/results/load-<timestamp>.json. See docs/benchmarks.md.
 */
const OUT_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : RESULTS_DIR;
/** File descriptors a process needs besides its sockets (Kafka, MySQL, files, the runtime's own). */
const SPARE_FILES = 200;
const TEMPLATES = 5_000;

async function deleteTopics(prefix: string): Promise<void> {
  const admin = testKafka('bench-load-cleanup').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Sends the history (minutes of posts at the live rate, oldest first) and waits until the processor counted it. */
async function sendHistory(feed: PostFeed, url: string, settings: LoadSettings, signal: AbortSignal) {
  const posts = Math.round(settings.historyMinutes * 60 * settings.rate);
  progress(`sending ${posts} posts spread over the last ${settings.historyMinutes} min...`);
  const started = Date.now();
  await feed.sendHistory(posts, settings.historyMinutes * 60_000, Date.now());
  await waitFor(
    async () => {
      if (signal.aborted) throw new Error('stopped');
      return (await consumerLag(url)) === 0;
    },
    { what: 'the processor to count the history', timeoutMs: 15 * 60_000, intervalMs: 500, stopOnError: true },
  );
  return { posts, secondsToSendAndCount: (Date.now() - started) / 1000 };
}

/** Steps the clients up until a step misses the goal; every step's result goes into `steps` as it ends. */
async function stepClients(context: StepContext, clientSteps: readonly number[], steps: StepResult[]): Promise<void> {
  for (const clients of clientSteps) {
    if (context.signal.aborted) return;
    const step = await runClientStep(context, clients);
    steps.push(step);
    progress(
      `${clients} clients: p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, ${step.missed} missed, ${step.dropped} dropped, processor CPU ${step.processor.cpuPercent} %: goal ${step.goalMet ? 'met' : 'missed'}`,
    );
    if (!step.goalMet) return;
  }
}

/** Disconnects every client and waits until the processor has seen each one go. */
async function disconnectAll(url: string, clientProcesses: readonly ChildRpc[]) {
  const clients = await Promise.all(clientProcesses.map((child) => child.call<CloseResult>('close', null, 30_000)));
  await waitFor(async () => (await connectedClients(url)) === 0, { what: 'the processor to see every client disconnect', timeoutMs: 60_000 });
  return { clients, processorClientsAfter: 0 };
}

async function main({ signal }: { signal: AbortSignal }): Promise<number> {
  const settings = loadSettings(process.env);
  kafkaBrokers(); // fails at once, naming the fix, when no broker was given
  const mysqlServer = mysqlServerUrl();
  const filesLimit = openFilesLimit();
  const mostClients = Math.max(...settings.clientSteps);
  if (filesLimit !== null && filesLimit < mostClients + SPARE_FILES) {
    throw new Error(
      `this shell allows ${filesLimit} open files per process, the processor needs one per client (${mostClients}): raise it (ulimit -n ${mostClients + SPARE_FILES}) or lower BENCH_LOAD_CLIENTS`,
    );
  }
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const prefix = uniqueTopicPrefix('bench-load');
  const database = uniqueName('trendstream_load');
  const runId = uniqueName('load');
  mkdirSync(OUT_DIR, { recursive: true });

  const cleanups = new Cleanups();
  const api: ApiRun[] = [];
  const steps: StepResult[] = [];
  let teardown: { clients: CloseResult[]; processorClientsAfter: number } | undefined;
  let history = { posts: 0, secondsToSendAndCount: 0 };
  let pids: { processor: number | undefined; clients: Array<number | undefined> } = { processor: undefined, clients: [] };
  let feedProduced = 0;
  let cleanupFailure: unknown;
  try {
    cleanups.add(
      () => dropDatabase(database),
      () => deleteTopics(prefix),
    );
    const env = { ...process.env, TOPIC_PREFIX: prefix, MYSQL_URL: `${mysqlServer}/${database}` };
    const processor = ChildRpc.start('processor', 'load-processor-main.js', env, signal);
    cleanups.add(() => processor.stop(30_000));
    pids.processor = processor.pid;
    const { url } = await processor.notice<{ url: string }>('ready', 120_000);
    progress(`processor (pid ${processor.pid}) listening on ${url}, database ${database}, topics ${prefix}*`);

    const producer = testKafka('bench-load').producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    const feed = new PostFeed(producer, topicNames(prefix).posts, await loadTemplates(SAMPLE_PATH, TEMPLATES), runId);

    history = await sendHistory(feed, url, settings, signal);
    progress(`history sent and counted in ${history.secondsToSendAndCount} s; now ${settings.rate} live posts/s`);
    feed.start(settings.rate);
    cleanups.add(() => feed.stop());

    const usage = {
      mark: () => processor.call<void>('markUsage', null, 10_000),
      read: () => processor.call<ProcessUsage>('usage', null, 10_000),
    };
    for (const apiPath of settings.apiSeconds > 0 ? API_PATHS : []) {
      const run = await loadApi(url, apiPath, { seconds: settings.apiSeconds, connections: settings.apiConnections, signal }, usage);
      progress(`${apiPath}: ${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ${run.errors + run.non2xx} errors`);
      api.push(run);
      if (signal.aborted) break;
    }

    const clientProcesses = Array.from({ length: settings.clientProcesses }, (_, index) =>
      ChildRpc.start(`client process ${index + 1}`, 'load-clients-main.js', process.env, signal),
    );
    pids = { ...pids, clients: clientProcesses.map((child) => child.pid) };
    progress(`client processes: pids ${pids.clients.join(', ')}`);
    for (const child of clientProcesses) cleanups.add(() => child.stop(30_000));
    const context: StepContext = {
      url,
      processor,
      clientProcesses,
      seconds: settings.stepSeconds,
      profileFile: (count) => (settings.profile ? path.join(OUT_DIR, `load-${stamp}-${count}-clients.cpuprofile`) : null),
      signal,
      progress,
    };
    await stepClients(context, settings.clientSteps, steps);
    teardown = await disconnectAll(url, clientProcesses);
    feedProduced = feed.produced;
    if (feed.failure) throw new Error(`the live feed failed: ${feed.failure.message}`);
  } catch (error) {
    // A stop signal makes whatever was waiting fail; that is no error of the benchmark's.
    if (!signal.aborted) throw error;
  } finally {
    await cleanups.run().catch((error: unknown) => {
      cleanupFailure = error;
      progress(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  if (signal.aborted) {
    progress(`stopped (${String(signal.reason)})`);
    return 130;
  }
  if (cleanupFailure) return 1;

  const best = steps.filter((step) => step.goalMet).at(-1);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      openFilesLimit: filesLimit,
    },
    settings,
    goal: { clients: GOAL_CLIENTS, p99MsAtMost: GOAL_P99_MS },
    clientPlans: CLIENT_PLANS,
    history,
    liveRate: settings.rate,
    livePostsSent: feedProduced,
    api,
    steps,
    mostClientsOnTime: best?.clients ?? 0,
    goalMet: (best?.clients ?? 0) >= GOAL_CLIENTS,
    teardown,
    /** What the run made and removed again, and the processes it started (all stopped by now). */
    run: { database, topicPrefix: prefix, pids },
  };
  const outFile = path.join(OUT_DIR, `load-${stamp}.json`);
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);

  console.log(`\nTrendstream load benchmark: one processor, ${result.machine.cpus} cores, Node ${process.version}, ${settings.rate} posts/s flowing`);
  for (const line of loadReport(api, steps)) console.log(line);
  console.log(`  most clients with p99 <= ${GOAL_P99_MS} ms: ${result.mostClientsOnTime} (goal ${GOAL_CLIENTS}: ${result.goalMet ? 'met' : 'not met'})`);
  console.log(`Results: ${path.relative(REPO_ROOT, outFile)}`);
  return 0;
}

runMain('bench:load', main);
