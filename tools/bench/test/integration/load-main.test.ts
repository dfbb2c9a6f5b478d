import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { envVar } from '@trendstream/testkit/env';
import { kafkaBrokers, testKafka } from '@trendstream/testkit/kafka';
import { mysqlServerUrl } from '@trendstream/testkit/mysql';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';

interface LoadResult {
  api: Array<{ path: string; requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; timeouts: number }>;
  steps: Array<{
    clients: number;
    connected: number;
    connectFailures: number;
    dropped: number;
    clientsWithDeltas: number;
    deltasSent: number;
    receiptsExpected: number;
    receiptsReceived: number;
    missed: number;
    p50Ms: number | null;
    p99Ms: number | null;
    goalMet: boolean;
    profile: { byArea: unknown[] } | null;
  }>;
  teardown: { clients: Array<{ closed: number; stillConnected: number }>; processorClientsAfter: number };
  run: { database: string; topicPrefix: string; pids: { processor: number; clients: number[] } };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const connection = await mysql.createConnection({ uri: mysqlServerUrl() });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
    return rows.length > 0;
  } finally {
    await connection.end();
  }
}

async function topicsStartingWith(prefix: string): Promise<string[]> {
  const admin = testKafka('bench-load-test').admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}

function benchEnv(outDir: string, extra: Record<string, string>): Record<string, string> {
  const mysqlUrl = envVar('MYSQL_URL');
  return {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    ...(mysqlUrl ? { MYSQL_URL: mysqlUrl } : {}),
    BENCH_LOAD_RATE: '200',
    BENCH_LOAD_HISTORY_MINUTES: '0.2',
    BENCH_RESULTS_DIR: outDir,
    ...extra,
  };
}

// The figures come from `npm run bench:load` on a quiet machine (docs/benchmarks.md); this proves at tiny scale
// that every part still runs, that what it counts is real (each client connected and got the deltas sent to its
// room) and that it leaves nothing behind. No timing is asserted.
describe('npm run bench:load, at tiny scale', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-load-'));
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('connects every client, delivers every delta, measures the API, writes the result and stops what it started', async () => {
    const bench = startScript('tools/bench/dist/load-main.js', [], {
      env: benchEnv(outDir, { BENCH_LOAD_CLIENTS: '20', BENCH_LOAD_STEP_SECONDS: '3', BENCH_LOAD_API_SECONDS: '2' }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cleanups.add(() => bench.kill('SIGKILL'));
    expect(await exitCode(bench)).toBe(0);

    const file = readdirSync(outDir).find((name) => /^load-.*\.json$/u.test(name));
    expect(file).toBeDefined();
    const result = JSON.parse(readFileSync(path.join(outDir, file!), 'utf8')) as LoadResult;

    expect(result.api.map((run) => run.path)).toEqual([
      '/api/trends?window=5m',
      '/api/trends?window=1h',
      '/api/trends?window=5m&sort=score',
      '/api/trends?window=1h&sort=score',
    ]);
    for (const run of result.api) {
      expect(run.requests).toBeGreaterThan(0);
      expect(run.errors + run.non2xx + run.timeouts).toBe(0);
      expect(run).toHaveProperty('requestsPerSecond');
      expect(run).toHaveProperty('p99Ms');
    }

    expect(result.steps).toHaveLength(1);
    const [step] = result.steps;
    expect(step).toMatchObject({ clients: 20, connected: 20, connectFailures: 0, dropped: 0, clientsWithDeltas: 20, missed: 0 });
    expect(step!.deltasSent).toBeGreaterThan(0);
    expect(step!.receiptsReceived).toBe(step!.receiptsExpected);
    expect(step!.receiptsReceived).toBeGreaterThanOrEqual(20);
    expect(typeof step!.p50Ms).toBe('number');
    expect(typeof step!.p99Ms).toBe('number');
    expect(typeof step!.goalMet).toBe('boolean');
    expect(step!.profile?.byArea.length).toBeGreaterThan(0);

    expect(result.teardown.clients.reduce((sum, process) => sum + process.closed, 0)).toBe(20);
    expect(result.teardown.clients.every((process) => process.stillConnected === 0)).toBe(true);
    expect(result.teardown.processorClientsAfter).toBe(0);
    const { pids, database, topicPrefix } = result.run;
    for (const pid of [pids.processor, ...pids.clients]) expect(isRunning(pid)).toBe(false);
    expect(await databaseExists(database)).toBe(false);
    expect(await topicsStartingWith(topicPrefix)).toEqual([]);
  }, 240_000);

  it('on SIGINT, disconnects its clients, stops every process it started and removes its database', async () => {
    const bench = startScript('tools/bench/dist/load-main.js', [], {
      env: benchEnv(path.join(outDir, 'interrupted'), {
        BENCH_LOAD_CLIENTS: '20',
        BENCH_LOAD_STEP_SECONDS: '600',
        BENCH_LOAD_API_SECONDS: '0',
        BENCH_LOAD_PROFILE: '0',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    cleanups.add(() => bench.kill('SIGKILL'));
    let output = '';
    bench.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitFor(
      () => {
        if (bench.exitCode !== null) throw new Error(`bench:load exited with ${bench.exitCode}:\n${output}`);
        return output.includes('20 clients: measuring');
      },
      { what: 'bench:load to measure 20 clients', timeoutMs: 120_000, stopOnError: true },
    );
    const processor = Number(/processor \(pid (\d+)\)/u.exec(output)?.[1]);
    const clients = (/client processes: pids ([\d, ]+)/u.exec(output)?.[1] ?? '').split(', ').map(Number);
    const database = /database (\S+),/u.exec(output)?.[1] ?? '';
    const topicPrefix = /topics (\S+)\*/u.exec(output)?.[1] ?? '';
    expect([processor, ...clients].every(isRunning)).toBe(true);

    bench.kill('SIGINT');
    expect(await exitCode(bench)).toBe(130);
    for (const pid of [processor, ...clients]) expect(isRunning(pid)).toBe(false);
    expect(await databaseExists(database)).toBe(false);
    expect(await topicsStartingWith(topicPrefix)).toEqual([]);
    expect(readdirSync(path.join(outDir, 'interrupted')).filter((name) => name.endsWith('.json'))).toEqual([]);
  }, 240_000);
});
