import { spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { brokerProperties } from './broker-properties.js';
import { newClusterId } from './cluster-id.js';
import { waitFor } from '@trendstream/testkit/wait-for';
import { DevstackError } from './devstack-error.js';
import { freePort, isPortOpen } from '@trendstream/testkit/free-port';
import { ensureKafkaJars, JAVA_HINT, requireCommand } from './kafka-jars.js';
import { spawnWithLifeline } from './lifeline.js';

export interface LocalBrokerOptions {
  /** Where the broker keeps its logs and data; reused across starts when it already holds a formatted log. */
  dataDir: string;
  /** Defaults to a free port. */
  brokerPort?: number;
  /** A second listener for clients that reach the broker through a proxy (broker-properties.ts). */
  proxied?: { port: number; advertisedPort: number };
  heapMegabytes?: number;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface LocalBroker {
  brokers: string;
  pid: number;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 30_000;

/** Formats storage (once) and starts a real single-node KRaft broker from the Maven Central jars. */
export async function startLocalBroker(options: LocalBrokerOptions): Promise<LocalBroker> {
  const log = options.log ?? (() => {});
  requireCommand('java', ['-version'], JAVA_HINT);
  const libs = await ensureKafkaJars(log);
  const brokerPort = options.brokerPort ?? (await freePort());
  if (await isPortOpen(brokerPort)) {
    throw new DevstackError(`port ${brokerPort} is already in use; stop what listens there or set KAFKA_BROKERS to use that broker`);
  }
  const controllerPort = await freePort();
  mkdirSync(options.dataDir, { recursive: true });
  const propertiesFile = path.join(options.dataDir, 'server.properties');
  writeFileSync(
    propertiesFile,
    brokerProperties({ brokerPort, controllerPort, logDir: path.join(options.dataDir, 'log'), ...(options.proxied ? { proxied: options.proxied } : {}) }),
  );
  const classpath = `${libs}${path.sep}*`;
  const logFile = path.join(options.dataDir, 'broker.log');

  // A data directory formatted before keeps its cluster id: formatting it again with a new one is refused.
  if (!existsSync(path.join(options.dataDir, 'log', 'meta.properties'))) formatStorage(classpath, propertiesFile, logFile);
  const heap = options.heapMegabytes ?? 768;
  const output = openSync(logFile, 'a');
  // Through the lifeline: a Ctrl-C in the terminal reaches only our runner, which stops the apps first and the
  // broker last; if the runner dies anyway (even of SIGKILL), the broker goes with it.
  const child = spawnWithLifeline(
    'java',
    [`-Xmx${heap}m`, '-Xms128m', '-XX:+UseG1GC', '-Djava.awt.headless=true', '-cp', classpath, 'kafka.Kafka', propertiesFile],
    {
      stdout: output,
      stderr: output,
    },
  );
  closeSync(output);
  killOnExit(child);
  const brokers = `127.0.0.1:${brokerPort}`;
  log(`Starting Kafka broker on ${brokers} (logs: ${logFile})...`);
  try {
    await waitUntilReady(brokers, child, logFile, options.startTimeoutMs ?? 90_000);
  } catch (error) {
    killGroup(child);
    throw error;
  }
  log(`Kafka broker ready on ${brokers}.`);
  return { brokers, pid: child.pid ?? -1, stop: () => stopProcess(child) };
}

function formatStorage(classpath: string, propertiesFile: string, logFile: string): void {
  const result = spawnSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', propertiesFile, '--ignore-formatted'], {
    encoding: 'utf8',
  });
  writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`, { flag: 'a' });
  if (result.error || result.status !== 0) {
    throw new DevstackError(`kafka-storage format failed (exit ${result.status}): ${tail(logFile)}`);
  }
}

async function waitUntilReady(brokers: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const kafka = new Kafka({ brokers: [brokers], clientId: 'devstack-probe', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const answers = async (): Promise<boolean> => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  };
  await waitFor(
    () => {
      if (exited) throw new DevstackError(`the Kafka broker exited during start-up:\n${tail(logFile)}`);
      return answers();
    },
    { what: 'the Kafka broker', timeoutMs, intervalMs: 300, stopOnError: true },
  ).catch((error: unknown) => {
    throw error instanceof DevstackError ? error : new DevstackError(`the Kafka broker did not answer within ${timeoutMs / 1000}s:\n${tail(logFile)}`);
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // not a group leader
  }
}

/** SIGKILLs the child (and its group) if this process exits while it still runs (exit handlers must be synchronous). */
export function killOnExit(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) killGroup(child);
  };
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
}

/** SIGTERM, then after a grace period SIGKILL to the child's whole process group (the lifeline and its command). */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => killGroup(child), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
