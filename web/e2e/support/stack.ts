import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@trendstream/devstack/free-port';
import { Kafka, logLevel } from 'kafkajs';
import mysql from 'mysql2/promise';
import { startNode, stopPid, tail } from './processes';
import { startProcessor, waitForHealthy } from './processor-control';
import { STATE_ENV, readState, writeState, type StackState } from './stack-state';

/**
 * The real stack for browser tests: the processor (serving the built dashboard) on a free port with its own
 * MySQL database and Kafka topic prefix, and optionally a replay of the committed sample. Kafka itself comes
 * from KAFKA_BROKERS (devstack's with-stack starts a local broker for `npm test`).
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The committed sample; TRENDSTREAM_E2E_SAMPLE may name another file in the same format. */
export const SAMPLE_FILE = process.env.TRENDSTREAM_E2E_SAMPLE ?? 'ingest/sample/sample-posts.jsonl.gz';

export interface StackOptions {
  /** Arguments after the sample file for `ingest/dist/replay-main.js`, or null to start no replay. */
  replayArgs: string[] | null;
  /** Where logs go, e.g. web/test-results/e2e-stack. */
  logDir: string;
}

function requireFile(file: string, hint: string): void {
  if (!existsSync(path.resolve(REPO_ROOT, file))) throw new Error(`${file} is missing: ${hint}`);
}

function mysqlServerUrl(): string {
  // MYSQL_URL names a database; the suite only borrows its server and creates its own database there.
  const configured = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/trendstream';
  const url = new URL(configured);
  url.pathname = '/';
  url.search = '';
  return url.toString().replace(/\/$/u, '');
}

export async function startStack(options: StackOptions): Promise<{ state: StackState; teardown: () => Promise<void> }> {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error('KAFKA_BROKERS is not set: run the browser tests under devstack, e.g. `npm run test:e2e` from the repository root');
  }
  requireFile('web/dist/index.html', 'build the dashboard first (npm run build -w web)');
  requireFile('processor/dist/main.js', 'build the processor first (npx turbo run build --filter=@trendstream/processor...)');
  if (options.replayArgs) {
    requireFile('ingest/dist/replay-main.js', 'build the ingest first (npx turbo run build --filter=@trendstream/ingest...)');
    requireFile(SAMPLE_FILE, 'generate the sample (npm run sample:generate)');
  }

  // Fresh logs per run; a restarted processor appends to the same file within the run.
  rmSync(options.logDir, { recursive: true, force: true });
  mkdirSync(options.logDir, { recursive: true });
  const suffix = randomBytes(4).toString('hex');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = `ts_e2e_${suffix}`;
  const serverUrl = mysqlServerUrl();
  const topicPrefix = `e2e-${suffix}.`;
  const adminToken = randomBytes(18).toString('base64url');
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'trendstream-e2e-'));
  process.env[STATE_ENV] = path.join(stateDir, 'stack.json');

  const processorEnv: Record<string, string> = {
    KAFKA_BROKERS: brokers,
    TOPIC_PREFIX: topicPrefix,
    MYSQL_URL: `${serverUrl}/${database}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_TOKEN: adminToken,
    ALLOWED_ORIGINS: baseUrl,
    WEB_DIST: path.join(REPO_ROOT, 'web', 'dist'),
    LOG_LEVEL: 'info',
  };
  const base = { repoRoot: REPO_ROOT, logDir: options.logDir, processorEnv, baseUrl };
  const processorPid = startProcessor(base);
  let state: StackState = {
    ...base,
    port,
    adminToken,
    database,
    mysqlServerUrl: serverUrl,
    topicPrefix,
    processorPid,
    replayPid: null,
  };
  writeState(state);

  const teardown = async () => {
    const current = readState();
    if (current.replayPid !== null) await stopPid(current.replayPid);
    await stopPid(current.processorPid);
    await dropDatabase(serverUrl, database);
    await deleteTopics(brokers, topicPrefix);
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForHealthy(state, processorPid);
    if (options.replayArgs) state = startReplay(state, options.replayArgs);
    process.env.TRENDSTREAM_E2E_URL = baseUrl;
    return { state, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Starts `replay-main.js SAMPLE ...args` for this stack and records its pid. */
export function startReplay(state: StackState, args: string[]): StackState {
  const replay = replayFile(state, path.resolve(state.repoRoot, SAMPLE_FILE), args);
  const next = { ...state, replayPid: replay.pid };
  writeState(next);
  return next;
}

/** Replays `file` into this stack's topics; `exited` resolves with the exit code (or signal). */
export function replayFile(state: StackState, file: string, args: string[]): { pid: number; exited: Promise<string> } {
  const log = path.join(state.logDir, 'replay.log');
  const replay = startNode(
    state.repoRoot,
    ['ingest/dist/replay-main.js', file, ...args],
    { KAFKA_BROKERS: state.processorEnv.KAFKA_BROKERS ?? '', TOPIC_PREFIX: state.topicPrefix, LOG_LEVEL: 'warn' },
    log,
  );
  void replay.exited.then((code) => {
    if (code !== '0' && code !== 'SIGTERM') console.error(`replay of ${file} exited with ${code}:\n${tail(log)}`);
  });
  return replay;
}

async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const connection = await mysql.createConnection(serverUrl);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}

async function deleteTopics(brokers: string, prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'trendstream-e2e', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

