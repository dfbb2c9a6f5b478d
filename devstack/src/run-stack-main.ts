import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { planAdminAccess } from './admin-access.js';
import { DevstackError } from './devstack-error.js';
import { isPortOpen } from '@trendstream/testkit/free-port';
import { startLocalBroker, type LocalBroker } from './kafka-broker.js';
import { KAFKA_CACHE, REPO_ROOT, SAMPLE_PATH } from './paths.js';
import { parseStartArgs, START_USAGE } from './start-args.js';
import { loadStartConfig, planLive } from './start-config.js';
import { SupervisedApp } from './supervised-app.js';
import { DEFAULT_LOCAL_STACK_FILE, removeLocalStack, writeLocalStack } from '@trendstream/runtime/local-stack';
import { runMain } from '@trendstream/runtime/run-main';
import { waitFor } from '@trendstream/testkit/wait-for';
import { onStopSignal } from '@trendstream/runtime/stop-signals';

/**
 * `npm start [-- --live NETWORK | --replay FILE …]`: the whole pipeline on this machine, no Docker. Uses
 * KAFKA_BROKERS when set, else starts a local broker (data kept in .cache/kafka/local); runs the processor
 * (dashboard + API), the live ingest when MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL or X_BEARER_TOKEN is set or --live names a
 * network, and otherwise a replay of FILE or a looping replay of the bundled sample so there is something to watch.
 * Records where it runs for the command-line tools (local-stack.ts) and prints a dashboard link that carries an
 * admin token made for the run. Ctrl-C stops everything in order.
 */
const LOCAL_BROKER_PORT = 9092;
/** What the processor logs once it listens (processor/src/main.ts): proof that the server on the port is ours. */
const PROCESSOR_LISTENING = '"msg":"Trendstream processor listening on';

function log(line: string): void {
  console.error(`[start] ${line}`);
}

/**
 * Waits until our own processor has said it listens and answers /api/health. Another server already on the
 * port would answer too; the port check before the start and the processor's own line rule it out.
 */
async function waitForOwnProcessor(url: string, processor: SupervisedApp, listening: () => boolean, timeoutMs = 120_000): Promise<void> {
  const answers = () =>
    fetch(`${url}/api/health`).then(
      (response) => response.status === 200 || response.status === 503,
      () => false, // not listening yet
    );
  await waitFor(
    () => {
      if (!processor.running) {
        throw new DevstackError('the processor exited during start-up; its log above says why (is MariaDB/MySQL running at MYSQL_URL?)');
      }
      return listening() && answers();
    },
    { what: `the processor at ${url}`, timeoutMs, intervalMs: 500, stopOnError: true },
  ).catch((error: unknown) => {
    throw error instanceof DevstackError ? error : new DevstackError(`the processor did not answer at ${url} within ${timeoutMs / 1000}s`);
  });
}

async function main(argv: string[]): Promise<number> {
  if (existsSync(path.join(REPO_ROOT, '.env'))) {
    process.loadEnvFile(path.join(REPO_ROOT, '.env'));
    log('read .env');
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const config = loadStartConfig(env);
  // npm runs scripts from the repository root; INIT_CWD is where the user typed the command.
  const args = parseStartArgs(argv, {
    cwd: env.INIT_CWD ?? process.cwd(),
    replaySpeed: config.REPLAY_SPEED,
    mastodonInstances: config.MASTODON_INSTANCES,
    xConfigured: Boolean(config.X_BEARER_TOKEN),
  });
  if (!args.ok) {
    console.error(`start: ${args.message}\n${START_USAGE}`);
    return 2;
  }
  if (args.value.help) {
    console.log(START_USAGE);
    return 0;
  }
  const replay = args.value.replay;
  const live = planLive(config, args.value.live);
  if (replay && !isFile(replay.file)) {
    console.error(`start: --replay ${replay.file}: no such file`);
    return 2;
  }
  const stackFile = env.TRENDSTREAM_STACK_FILE || DEFAULT_LOCAL_STACK_FILE;
  // Until the orderly handlers below exist, Ctrl-C exits through process.exit so the 'exit' handlers that
  // kill the (detached) broker and apps run; a plain signal death would skip them.
  const removeBail = onStopSignal(() => process.exit(130));
  let broker: LocalBroker | undefined;
  let scratchDir: string | undefined;
  if (!env.KAFKA_BROKERS) {
    // 9092 taken (often by `npm run kafka:start`, which owns .cache/kafka/local): a broker of our own on a free
    // port needs its own data directory too, since Kafka locks its log directory.
    const portFree = !(await isPortOpen(LOCAL_BROKER_PORT));
    if (!portFree && !config.KAFKA_DATA_DIR) scratchDir = path.join(KAFKA_CACHE, 'runs', `start-${process.pid}`);
    broker = await startLocalBroker({
      dataDir: scratchDir ?? config.KAFKA_DATA_DIR ?? path.join(KAFKA_CACHE, 'local'),
      ...(portFree ? { brokerPort: LOCAL_BROKER_PORT } : {}),
      log,
    });
    env.KAFKA_BROKERS = broker.brokers;
  } else {
    log(`using Kafka at KAFKA_BROKERS=${env.KAFKA_BROKERS}`);
  }
  const apps: SupervisedApp[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<number> => {
    if (stopping) return code;
    stopping = true;
    log('stopping...');
    removeLocalStack(stackFile, process.pid);
    for (const app of apps.reverse()) await app.stop();
    if (broker) await broker.stop();
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    return code;
  };
  const { PORT: port, HOST: host } = config;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  if (await isPortOpen(port, host === '0.0.0.0' ? '127.0.0.1' : host)) {
    await stopAll(1);
    throw new DevstackError(`port ${port} is already in use by another process (an earlier npm start still running?): stop it, or set PORT to a free port`);
  }
  const access = planAdminAccess({ adminToken: env.ADMIN_TOKEN, host, dashboardUrl: url, newToken: () => randomBytes(24).toString('base64url') });
  if (access.token) env.ADMIN_TOKEN = access.token;
  let listening = false;
  const processor = new SupervisedApp(
    {
      name: 'processor',
      script: 'processor/dist/main.js',
      args: [],
      env,
      restartOnCrash: false,
      onLine: (line) => (listening ||= line.includes(PROCESSOR_LISTENING)),
    },
    log,
  );
  apps.push(processor);
  try {
    await waitForOwnProcessor(url, processor, () => listening);
  } catch (error) {
    await stopAll(1);
    throw error;
  }
  if (live.mastodonInstances || live.blueskyUrl || live.x) {
    // One ingest reads every configured network; --live bluesky alone gives it the public Jetstream.
    const ingestEnv = live.blueskyUrl ? { ...env, BLUESKY_JETSTREAM_URL: live.blueskyUrl } : env;
    apps.push(new SupervisedApp({ name: 'ingest', script: 'ingest/dist/main.js', args: [], env: ingestEnv, restartOnCrash: true }, log));
    if (live.mastodonInstances) log(`live ingest from ${live.mastodonInstances}`);
    if (live.blueskyUrl) log(`live ingest from Bluesky (${live.blueskyUrl})`);
    if (live.x) log('live ingest from X (filtered stream: the followed hashtags are its rules)');
  }
  // The replay reports posts the processor drops as late; it finds the processor here.
  const replayEnv = { ...env, PROCESSOR_URL: url };
  const replayApp = (args: string[]) =>
    new SupervisedApp({ name: 'replay', script: 'ingest/dist/replay-main.js', args, env: replayEnv, restartOnCrash: true }, log);
  if (replay) {
    apps.push(replayApp([replay.file, ...replay.args]));
    log(`replaying ${replay.file} (${replay.args.join(' ')})`);
  } else if (live.replaySample) {
    const speed = String(config.REPLAY_SPEED);
    apps.push(replayApp([SAMPLE_PATH, '--speed', speed, '--loop', '--shift-to-now']));
    const why =
      live.mastodonInstances || live.blueskyUrl || live.x
        ? 'REPLAY_SAMPLE is set'
        : 'npm start -- --live bluesky streams live posts instead, no account needed';
    log(`replaying the bundled sample at ${speed}x (${why})`);
  }
  writeLocalStack(stackFile, {
    pid: process.pid,
    brokers: env.KAFKA_BROKERS,
    topicPrefix: env.TOPIC_PREFIX ?? '',
    processorUrl: url,
    startedAt: new Date().toISOString(),
  });
  if (access.note) log(access.note);
  log(
    `Trendstream is running: open ${access.link}${access.generated ? ' (the link carries an admin token made for this run, so you can follow hashtags)' : ''}`,
  );
  log('replay your own file into it from another terminal: npm run replay -- FILE --shift-to-now   (Ctrl-C here stops everything)');

  return new Promise<number>((resolve) => {
    removeBail();
    onStopSignal(() => void stopAll(0).then(resolve), { once: false });
    processor.onExit((code) => void stopAll(code === 0 ? 0 : 1).then(resolve));
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

runMain('start', () => main(process.argv.slice(2)), { ownSignalHandling: true, expectedErrors: [DevstackError] });
