import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@trendstream/testkit/free-port';
import { envVar, setEnvVar } from '@trendstream/testkit/env';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { dropDatabase, mysqlServerUrl, testDatabase } from '@trendstream/testkit/mysql';
import { REPO_ROOT, SAMPLE_PATH } from '@trendstream/testkit/repo';
import { startNode, stopPid, tail } from './processes';
import { startProcessor, waitForHealthy } from './processor-control';
import { STATE_ENV, readState, writeState, type StackState } from './stack-state';

// The real stack for browser tests: the processor (serving the built dashboard) on a free port with its own
// MySQL database and Kafka topic prefix, and optionally a replay of the committed sample. Kafka itself comes
// from KAFKA_BROKERS (devstack's with-stack starts a local broker for `npm test`).

/** The committed sample; TRENDSTREAM_E2E_SAMPLE may name another file in the same format. */
export const REPLAY_SAMPLE = envVar('TRENDSTREAM_E2E_SAMPLE') ?? SAMPLE_PATH;

export interface StackOptions {
  /** Arguments after the sample file for `ingest/dist/replay-main.js`, or null to start no replay. */
  replayArgs: string[] | null;
  /** Where logs go, e.g. web/test-results/e2e-stack. */
  logDir: string;
}

function requireFile(file: string, hint: string): void {
  if (!existsSync(path.resolve(REPO_ROOT, file))) throw new Error(`${file} is missing: ${hint}`);
}

export async function startStack(options: StackOptions): Promise<{ state: StackState; teardown: () => Promise<void> }> {
  const brokers = kafkaBrokers().join(',');
  requireFile('web/dist/index.html', 'build the dashboard first (npm run build -w web)');
  requireFile('processor/dist/main.js', 'build the processor first (npx turbo run build --filter=@trendstream/processor...)');
  if (options.replayArgs) {
    requireFile('ingest/dist/replay-main.js', 'build the ingest first (npx turbo run build --filter=@trendstream/ingest...)');
    requireFile(REPLAY_SAMPLE, 'generate the sample (npm run sample:generate)');
  }

  // Fresh logs per run; a restarted processor appends to the same file within the run.
  rmSync(options.logDir, { recursive: true, force: true });
  mkdirSync(options.logDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const { name: database, url: databaseUrl } = testDatabase('ts_e2e');
  const topicPrefix = uniqueTopicPrefix('e2e');
  const adminToken = randomBytes(18).toString('base64url');
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'trendstream-e2e-'));
  setEnvVar(STATE_ENV, path.join(stateDir, 'stack.json'));

  const processorEnv: Record<string, string> = {
    KAFKA_BROKERS: brokers,
    TOPIC_PREFIX: topicPrefix,
    MYSQL_URL: databaseUrl,
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
    mysqlServerUrl: mysqlServerUrl(),
    topicPrefix,
    processorPid,
    replayPid: null,
  };
  writeState(state);

  const teardown = async () => {
    const current = readState();
    if (current.replayPid !== null) await stopPid(current.replayPid);
    await stopPid(current.processorPid);
    await dropDatabase(database);
    await deleteTopics(topicPrefix);
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForHealthy(state, processorPid);
    if (options.replayArgs) state = startReplay(state, options.replayArgs);
    setEnvVar('TRENDSTREAM_E2E_URL', baseUrl);
    return { state, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Starts `replay-main.js SAMPLE ...args` for this stack and records its pid. */
export function startReplay(state: StackState, args: string[]): StackState {
  const replay = replayFile(state, path.resolve(state.repoRoot, REPLAY_SAMPLE), args);
  const next = { ...state, replayPid: replay.pid };
  writeState(next);
  return next;
}

/** Replays `file` into this stack's topics; `exited` resolves with the exit code (or signal). */
export function replayFile(state: StackState, file: string, args: string[]): { pid: number; exited: Promise<string> } {
  const log = path.join(state.logDir, 'replay.log');
  const replay = startNode(
    'ingest/dist/replay-main.js',
    [file, ...args],
    { KAFKA_BROKERS: state.processorEnv.KAFKA_BROKERS ?? '', TOPIC_PREFIX: state.topicPrefix, LOG_LEVEL: 'warn' },
    log,
  );
  void replay.exited.then((code) => {
    if (code !== '0' && code !== 'SIGTERM') console.error(`replay of ${file} exited with ${code}:\n${tail(log)}`);
  });
  return replay;
}

async function deleteTopics(prefix: string): Promise<void> {
  const admin = testKafka('trendstream-e2e').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
