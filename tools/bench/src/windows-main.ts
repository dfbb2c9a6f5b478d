import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { io, type Socket } from 'socket.io-client';
import { cellKey } from '@trendstream/processor/bucket-blob';
import { writeBuckets } from '@trendstream/processor/bucket-counts';
import { runMain } from '@trendstream/runtime/run-main';
import { REPO_ROOT, RESULTS_DIR, percentile, progress } from './bench-shared.js';
import { freePort } from '@trendstream/testkit/free-port';
import { cpuSeconds, rssMb } from './process-usage.js';
import { countRows } from './windows-data.js';

/**
 * `npm run bench:windows` (issue 12): an hour of stored counts at BENCH_WINDOWS_RATE posts/s (default 1,000),
 * a processor started on them (its own process), then
 * (1) the start-up load of those counts into memory;
 * (2) `GET /api/trends` for every window and both sorts, all languages and one, BENCH_WINDOWS_REQUESTS each,
 *     one at a time: p50, p99, max;
 * (3) twenty socket.io rooms (four windows × five language filters) followed for BENCH_WINDOWS_IDLE_SECONDS
 *     (default 60) with no post arriving: the CPU the processor and MySQL spend meanwhile.
 */
const RATE = Number(process.env.BENCH_WINDOWS_RATE ?? 1_000);
const MINUTES = Number(process.env.BENCH_WINDOWS_MINUTES ?? 60);
const REQUESTS = Number(process.env.BENCH_WINDOWS_REQUESTS ?? 200);
const IDLE_SECONDS = Number(process.env.BENCH_WINDOWS_IDLE_SECONDS ?? 60);
const WINDOWS = ['1m', '5m', '15m', '1h'];
const LANGS = [undefined, 'en', 'de', 'ja', 'fr'];
const BUCKET_MS = 5_000;
/** Common words per language: sized so a 5 s bucket at 1,000 posts/s holds about a thousand (language, word) rows. */
const VOCABULARY = Number(process.env.BENCH_WINDOWS_VOCABULARY ?? 150);

/** The MySQL or MariaDB server's pid on this machine, to read its CPU time; null when it runs elsewhere. */
function mysqlServerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      if (['mariadbd', 'mysqld'].includes(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return Number(entry);
    } catch {
      // a process that just ended
    }
  }
  return null;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the processor exited with ${child.exitCode} before it answered`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startProcessor(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(REPO_ROOT, 'processor/dist/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stopProcessor(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Stores the workload's counts as the processor keeps them at rest (one compacted row per bucket); returns the cells. */
async function storeCounts(connection: mysql.Connection, end: number): Promise<number> {
  let cells = 0;
  const workload = {
    start: end - MINUTES * 60_000,
    end,
    bucketMs: BUCKET_MS,
    postsPerSecond: RATE,
    wordsPerPost: 5,
    vocabulary: VOCABULARY,
    rareShare: 0.01,
    seed: 12,
  };
  let buckets = 0;
  for (const bucket of countRows(workload)) {
    const totals = new Map<string, number>();
    for (const [, scope, lang, word, count] of bucket) totals.set(cellKey(scope, lang, word), count);
    const start = bucket[0]?.[0];
    if (start !== undefined) await writeBuckets(connection, new Map([[start, totals]]));
    cells += totals.size;
    if (++buckets % 60 === 0) progress(`stored ${buckets} of ${(MINUTES * 60_000) / BUCKET_MS} buckets (${cells.toLocaleString('en-US')} cells)`);
  }
  return cells;
}

async function timeRequests(url: string): Promise<Array<Record<string, unknown>>> {
  const results: Array<Record<string, unknown>> = [];
  for (const window of WINDOWS) {
    for (const lang of [undefined, 'en']) {
      for (const sort of ['count', 'score']) {
        const query = `/api/trends?window=${window}&limit=20&sort=${sort}${lang ? `&lang=${lang}` : ''}`;
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const started = performance.now();
          const response = await fetch(`${url}${query}`);
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${query} answered ${response.status}`);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const result = { query, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times.at(-1) ?? 0) };
        progress(`${query}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
        results.push(result);
      }
    }
  }
  return results;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function followRooms(url: string): Promise<{ sockets: Socket[]; deltas: () => number }> {
  let deltas = 0;
  const sockets: Socket[] = [];
  const snapshots: Array<Promise<void>> = [];
  for (const window of WINDOWS) {
    for (const lang of LANGS) {
      const socket = io(url, { transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      snapshots.push(
        new Promise((resolve) => {
          socket.on('trends:snapshot', (snapshot: { window: string; lang?: string }) => {
            if (snapshot.window === window && snapshot.lang === lang) resolve();
          });
        }),
      );
      socket.on('trends:delta', () => (deltas += 1));
      socket.emit('trends:subscribe', { window, ...(lang ? { lang } : {}) });
    }
  }
  await Promise.all(snapshots);
  return { sockets, deltas: () => deltas };
}

runMain('bench:windows', async ({ signal }) => {
  const serverUrl = (process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/trendstream').replace(/\/[^/]*$/u, '');
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const database = `bench_windows_${Date.now()}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    MYSQL_URL: `${serverUrl}/${database}`,
    TOPIC_PREFIX: `bench-windows-${Date.now()}.`,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ALLOWED_ORIGINS: url,
  };
  const admin = await mysql.createConnection({ uri: serverUrl });
  let processor: ChildProcess | undefined;
  signal.addEventListener('abort', () => processor?.kill('SIGTERM'), { once: true });
  try {
    progress(`creating ${database}: a processor start applies the migrations`);
    processor = startProcessor(env);
    await waitForHealth(url, processor);
    await stopProcessor(processor);

    const end = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    await admin.changeUser({ database });
    const storeStarted = performance.now();
    const cells = await storeCounts(admin, end);
    const storeSeconds = round((performance.now() - storeStarted) / 1000);
    // The newest post "now": the windows end at the stored hour's last bucket, then follow the clock.
    await admin.query(
      'INSERT INTO partition_offsets (consumer_group, topic, partition_id, next_offset, max_event_time, last_advance_at, late_posts, updated_at) VALUES (?, ?, 0, 0, ?, ?, 0, ?)',
      [`${env.TOPIC_PREFIX}trendstream-processor`, `${env.TOPIC_PREFIX}posts`, end - 1, Date.now(), Date.now()],
    );
    progress(`stored ${cells.toLocaleString('en-US')} (bucket, language, word) cells (${MINUTES} min at ${RATE} posts/s) in ${storeSeconds} s`);

    const startedAt = performance.now();
    processor = startProcessor(env);
    await waitForHealth(url, processor);
    const startSeconds = round((performance.now() - startedAt) / 1000);
    const pid = processor.pid ?? 0;
    progress(`processor up in ${startSeconds} s (loads the counts into memory), RSS ${rssMb(pid)} MB`);

    const api = await timeRequests(url);

    const rooms = await followRooms(url);
    const mysqlPid = mysqlServerPid();
    const before = { processor: cpuSeconds(pid), mysql: mysqlPid ? cpuSeconds(mysqlPid) : null, deltas: rooms.deltas() };
    progress(`following ${rooms.sockets.length} rooms for ${IDLE_SECONDS} s with no posts arriving`);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idle = {
      rooms: rooms.sockets.length,
      seconds: IDLE_SECONDS,
      processorCpuPercent: round(((cpuSeconds(pid) - before.processor) / IDLE_SECONDS) * 100),
      mysqlCpuPercent: mysqlPid && before.mysql !== null ? round(((cpuSeconds(mysqlPid) - before.mysql) / IDLE_SECONDS) * 100) : null,
      deltas: rooms.deltas() - before.deltas,
    };
    for (const socket of rooms.sockets) socket.disconnect();
    progress(`idle: processor ${idle.processorCpuPercent} % and MySQL ${idle.mysqlCpuPercent ?? '?'} % of one core, ${idle.deltas} deltas`);

    const result = { bench: 'windows', at: stamp, rate: RATE, minutes: MINUTES, cells, storeSeconds, startSeconds, processorRssMb: rssMb(pid), api, idle };
    const file = path.join(process.env.BENCH_RESULTS_DIR ?? RESULTS_DIR, `windows-${stamp}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    progress(`results: ${path.relative(REPO_ROOT, file)}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (processor) await stopProcessor(processor);
    await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(database)}`).catch(() => {});
    await admin.end();
  }
  return 0;
});
