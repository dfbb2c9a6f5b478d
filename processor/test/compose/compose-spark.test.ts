import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envVar } from '@trendstream/testkit/env';
import { waitFor } from '@trendstream/testkit/wait-for';
import { appliedOffsets, query } from '../support/stack.js';
import { ComposeStack, freePortRange, imageFacts, runInImage, trends } from './support/compose-stack.js';
import { composeKafka, expectExactCounts, topicEnds } from './support/exact-counts.js';

/**
 * `npm run test:compose`, the Spark engine: the repository's docker-compose.yaml with `--profile spark` and
 * COUNTING_ENGINE=spark, as docs/engines.md tells users to run it. The job is submitted to the compose file's
 * Spark master and its executors run on the worker; the processor counts nothing and serves what Spark writes.
 * The steps build on each other, in order.
 */
const SERVICES = ['kafka', 'mysql', 'processor', 'replay', 'spark-master', 'spark-worker', 'spark-job'];
const JOB_IMAGE = 'trendstream-spark-job:0.1.0';
const SPARK_IMAGE = 'apache/spark:4.2.0-scala2.13-java17-ubuntu';

interface MasterState {
  status: string;
  workers: Array<{ state: string; cores: number; coresused: number }>;
  activeapps: Array<{ name: string; state: string; cores: number }>;
}

let stack: ComposeStack;
let kafkaPort: number;
let sparkUiPort: number;
/** How long each step took, printed at the end (docs/benchmarks.md). */
const timings: Array<[string, number]> = [];

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push([step, (performance.now() - started) / 1000]);
  return result;
}

async function masterState(): Promise<MasterState> {
  const response = await fetch(`http://127.0.0.1:${sparkUiPort}/json/`);
  expect(response.status).toBe(200);
  return (await response.json()) as MasterState;
}

async function totalProduced(): Promise<number> {
  return (await topicEnds(composeKafka(kafkaPort))).reduce((sum, end) => sum + end, 0);
}

beforeAll(async () => {
  // Three ports in one range, so that no two of them can be the same.
  const processorPort = await freePortRange(3);
  kafkaPort = processorPort + 1;
  sparkUiPort = processorPort + 2;
  stack = await ComposeStack.create(
    envVar('COMPOSE_SPARK_CHECK_PROJECT') ?? 'trendstream-compose-spark-check',
    {
      COUNTING_ENGINE: 'spark',
      PROCESSOR_PORT: String(processorPort),
      KAFKA_HOST_PORT: String(kafkaPort),
      SPARK_UI_PORT: String(sparkUiPort),
      // Several partitions, so that the job's executors count in parallel tasks.
      POSTS_PARTITIONS: '4',
      REPLAY_SPEED: '20',
    },
    ['replay', 'spark'],
  );
  await stack.compose(['down', '--volumes', '--remove-orphans']);
  await timed('up -d --build (images built where missing)', () => stack.compose(['up', '-d', '--build'], 1_200_000));
}, 1_500_000);

afterAll(async () => {
  console.log(['spark profile timings:', ...timings.map(([step, seconds]) => `  ${step.padEnd(60)} ${seconds.toFixed(1).padStart(6)} s`)].join('\n'));
  if (!stack) return;
  if (envVar('COMPOSE_CHECK_KEEP') === '1') return;
  await stack.compose(['down', '--volumes', '--remove-orphans']);
}, 300_000);

describe.sequential('docker compose --profile spark (COUNTING_ENGINE=spark)', () => {
  it('brings every service up healthy, the job running on the cluster with executors on the worker', async () => {
    await timed('every service healthy, from up', () => stack.waitHealthy(SERVICES, 600_000));
    const master = await waitFor(
      async () => {
        const state = await masterState();
        return state.activeapps.some((app) => app.name === 'trendstream-spark' && app.state === 'RUNNING' && app.cores > 0) ? state : undefined;
      },
      { what: 'the job registered with the master, holding executor cores', timeoutMs: 120_000 },
    );
    expect(master.status).toBe('ALIVE');
    expect(master.workers.filter((worker) => worker.state === 'ALIVE')).toHaveLength(1);
    expect(master.workers[0]!.coresused).toBeGreaterThan(0);
  });

  it('counts with Spark while the processor serves the counts and counts nothing itself', async () => {
    const mysqlUrl = await stack.mysqlUrl();
    const [settings] = await query(mysqlUrl, 'SELECT engine FROM counting_settings');
    expect(settings?.engine).toBe('spark');
    const [url] = await stack.processorUrls();
    await timed('first words Spark counted in /api/trends, from healthy', () =>
      waitFor(async () => (await trends(url!)).words.length > 0, { what: 'words Spark counted served by /api/trends', timeoutMs: 180_000 }),
    );
    // The processor's consumer group has no member: whatever is applied was applied by Spark.
    const admin = composeKafka(kafkaPort).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(['trendstream-processor']);
      expect(groups[0]?.members ?? []).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    expect(await appliedOffsets(mysqlUrl)).toBeGreaterThan(0);
  });

  it('loses and double-counts nothing when the driver is killed with SIGKILL while posts arrive', async () => {
    const mysqlUrl = await stack.mysqlUrl();
    await waitFor(async () => (await appliedOffsets(mysqlUrl)) > 0, { what: 'Spark applying posts', timeoutMs: 120_000 });
    await stack.compose(['kill', '-s', 'SIGKILL', 'spark-job']);
    const producedAtKill = await totalProduced();
    await waitFor(async () => (await totalProduced()) > producedAtKill + 500, { what: '500 posts produced while the driver is down', timeoutMs: 120_000 });
    const backlog = (await totalProduced()) - (await appliedOffsets(mysqlUrl));
    await timed(`driver restarted to healthy (${backlog} posts behind)`, async () => {
      await stack.compose(['start', 'spark-job']);
      await stack.waitHealthy(['spark-job'], 300_000);
    });
    await stack.compose(['stop', 'replay']);
    await timed('replay stopped to every post applied and recounted', () => expectExactCounts(composeKafka(kafkaPort), mysqlUrl));
  });

  it('runs the Spark images as non-root, the job image with no sources; reports their sizes', async () => {
    const facts = await Promise.all([JOB_IMAGE, SPARK_IMAGE].map(imageFacts));
    for (const fact of facts) expect(['', 'root', '0']).not.toContain(fact.user);
    expect((await runInImage(JOB_IMAGE, 'id -u')).trim()).toBe('185');
    expect((await runInImage(JOB_IMAGE, "find /opt/trendstream /var/lib/trendstream-spark \\( -name '*.java' -o -name pom.xml \\) -print")).trim()).toBe('');
    expect((await runInImage(JOB_IMAGE, 'ls /opt/trendstream')).split('\n').filter(Boolean).sort()).toEqual([
      'jvm.options',
      'submit-job.sh',
      'trendstream-spark-job.jar',
    ]);
    console.log(
      ['image sizes:', ...facts.map((fact) => `  ${fact.image.padEnd(44)} ${(fact.sizeBytes / 1e6).toFixed(0).padStart(5)} MB  user ${fact.user}`)].join('\n'),
    );
  });
});
