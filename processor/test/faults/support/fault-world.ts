import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { io } from 'socket.io-client';
import { expect } from 'vitest';
import type { TrendsSnapshot } from '@trendstream/contracts/socket-events';
import { topicNames } from '@trendstream/contracts/topics';
import { freePort } from '@trendstream/testkit/free-port';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import { startLocalBroker, type LocalBroker } from '@trendstream/devstack/kafka-broker';
import { MariadbServer } from '@trendstream/testkit/mariadb-server';
import { dropDatabase, mysqlServerUrl } from '@trendstream/testkit/mysql';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { TcpProxy } from '@trendstream/testkit/tcp-proxy';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../../src/app.js';
import { loadProcessorConfig } from '../../../src/config.js';
import { appliedOffsets, query, storedCounts, testStack, type TestStack } from '../../support/stack.js';

export interface FaultWorldOptions {
  /** The processor reaches Kafka through a proxy the test can cut (a second broker listener advertises it). */
  proxyKafka?: boolean;
  /** The processor reaches MySQL through a proxy the test can cut. */
  proxyMysql?: boolean;
  /** A MariaDB server of the test's own (it can be killed), instead of the machine's. */
  ownMysql?: boolean;
  /** Processor settings on top of the test defaults. */
  env?: Record<string, string>;
}

/**
 * One fault test's world: a Kafka broker of its own (so it can be killed and restarted without touching other
 * tests), a database of its own, and the TCP proxies between them and the processor. The test's own clients
 * (producer, admin) reach the broker directly, so a cut affects only the processor.
 */
export class FaultWorld {
  private readonly children: ChildProcess[] = [];

  private constructor(
    readonly stack: TestStack,
    /** The broker's direct address. */
    readonly brokers: string,
    readonly kafkaProxy: TcpProxy | undefined,
    readonly mysqlProxy: TcpProxy | undefined,
    /** The test's own MariaDB server, when it asked for one. */
    readonly mysqlServer: MariadbServer | undefined,
    /** The stack's database, as the stack helpers take it: a name on the test server, or a full URL. */
    readonly database: string,
    private broker: LocalBroker,
    private readonly restartBroker: () => Promise<LocalBroker>,
    private readonly dataDir: string,
  ) {}

  static async start(options: FaultWorldOptions = {}): Promise<FaultWorld> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trendstream-faults-'));
    const brokerPort = await freePort();
    let kafkaProxy: TcpProxy | undefined;
    let proxied: { port: number; advertisedPort: number } | undefined;
    if (options.proxyKafka) {
      const port = await freePort();
      kafkaProxy = await TcpProxy.start({ host: '127.0.0.1', port });
      proxied = { port, advertisedPort: kafkaProxy.port };
    }
    const startBroker = () => startLocalBroker({ dataDir, brokerPort, heapMegabytes: 512, ...(proxied ? { proxied } : {}) });
    const broker = await startBroker();
    const mysqlServer = options.ownMysql ? await MariadbServer.start(path.join(dataDir, 'mysql')) : undefined;
    const mysqlTarget = new URL(mysqlServer?.url ?? mysqlServerUrl());
    const mysqlProxy = options.proxyMysql ? await TcpProxy.start({ host: mysqlTarget.hostname, port: Number(mysqlTarget.port || 3306) }) : undefined;
    const stack = testStack({
      KAFKA_BROKERS: kafkaProxy ? `127.0.0.1:${kafkaProxy.port}` : broker.brokers,
      // A member cut off or killed holds its partitions until its session times out: keep that short.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      FLUSH_MAX_POSTS: '2000',
      LOG_LEVEL: 'error',
      ...options.env,
    });
    const database = mysqlServer ? `${mysqlServer.url}/${stack.database}` : stack.database;
    const url = new URL(mysqlServer ? database : stack.env.MYSQL_URL!);
    if (mysqlProxy) url.host = `127.0.0.1:${mysqlProxy.port}`;
    stack.env.MYSQL_URL = url.toString();
    return new FaultWorld(stack, broker.brokers, kafkaProxy, mysqlProxy, mysqlServer, database, broker, startBroker, dataDir);
  }

  /** kill -9 of the broker (and its lifeline), then a start on the same data and port. */
  async killAndRestartBroker(): Promise<void> {
    process.kill(-this.broker.pid, 'SIGKILL');
    await waitFor(
      () => {
        try {
          process.kill(-this.broker.pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { what: 'the killed broker to be gone' },
    );
    this.broker = await this.restartBroker();
  }

  /** The processors' consumer group. */
  get group(): string {
    return `${this.stack.prefix}trendstream-processor`;
  }

  /** The built processor in a process of its own (so it can be killed with SIGKILL), answering on a port of its own. */
  async spawnProcessor(): Promise<{ child: ChildProcess; url: string }> {
    const port = await freePort();
    const child = startScript('processor/dist/main.js', [], { env: { ...this.stack.env, PORT: String(port), HOST: '127.0.0.1' } });
    this.children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the processor exited with ${child.exitCode}`);
        return fetch(`${url}/api/health`).then(
          () => true,
          () => false,
        );
      },
      { what: 'the processor to answer', timeoutMs: 60_000, stopOnError: true },
    );
    return { child, url };
  }

  /** A directory for the test's files, removed with the world. */
  get scratchDir(): string {
    return this.dataDir;
  }

  kafka(): Kafka {
    return new Kafka({ clientId: 'fault-test', brokers: [this.brokers], logLevel: logLevel.NOTHING });
  }

  /** Creates the stack's topics as the processor would, then produces the messages to `posts`. */
  async produce(messages: ReadonlyArray<{ key: string; value: Buffer }>): Promise<void> {
    const admin = this.kafka().admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topicNames(this.stack.prefix), { postsPartitions: loadProcessorConfig(this.stack.env).POSTS_PARTITIONS });
    } finally {
      await admin.disconnect();
    }
    const producer = this.kafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      for (let i = 0; i < messages.length; i += 1_000) {
        await producer.send({ topic: topicNames(this.stack.prefix).posts, messages: messages.slice(i, i + 1_000) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  appliedOffsets(): Promise<number> {
    return appliedOffsets(this.database);
  }

  /** Waits until the processor has applied `count` messages in all. */
  async waitForApplied(count: number, timeoutMs = 300_000): Promise<void> {
    await waitFor(async () => (await this.appliedOffsets()) >= count, { what: `${count} messages applied`, timeoutMs, intervalMs: 50 });
  }

  /**
   * The end of every fault case: every message applied and nothing more (the stored offsets equal the topic's
   * ends), the stored counts equal an independent recount, and a socket.io client sees what the API answers.
   */
  async expectExact(processor: { url: string }, expected: ReadonlyMap<string, number>): Promise<void> {
    const admin = this.kafka().admin();
    await admin.connect();
    let ends: number[];
    try {
      ends = (await admin.fetchTopicOffsets(topicNames(this.stack.prefix).posts))
        .sort((a, b) => a.partition - b.partition)
        .map((partition) => Number(partition.high));
    } finally {
      await admin.disconnect();
    }
    const total = ends.reduce((sum, end) => sum + end, 0);
    await waitFor(async () => (await this.appliedOffsets()) === total, { what: `every one of ${total} messages applied`, timeoutMs: 300_000 });
    const stored = await query(this.database, 'SELECT partition_id, next_offset FROM partition_offsets ORDER BY partition_id');
    expect(stored.map((row) => Number(row.next_offset))).toEqual(ends);

    const actual = await storedCounts(this.database);
    const differences = [...new Set([...expected.keys(), ...actual.keys()])].filter((key) => expected.get(key) !== actual.get(key));
    expect(differences.slice(0, 10).map((key) => `${key}: expected ${expected.get(key)}, stored ${actual.get(key)}`)).toEqual([]);
    expect(actual.size).toBe(expected.size);

    await expectSocketEqualsApi(processor.url);
  }

  async close(processor?: Processor): Promise<void> {
    await processor?.close().catch(() => {});
    for (const child of this.children) {
      child.kill('SIGKILL');
      await exitCode(child);
    }
    await this.kafkaProxy?.close();
    await this.mysqlProxy?.close();
    await this.broker.stop().catch(() => {});
    if (this.mysqlServer) await this.mysqlServer.stop();
    else await dropDatabase(this.stack.database);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A socket.io client's snapshot of the 1h window equals `GET /api/trends` for the same watermark. */
async function expectSocketEqualsApi(url: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    let snapshot: TrendsSnapshot | undefined;
    socket.on('trends:snapshot', (received) => {
      if (received.window === '1h') snapshot = received;
    });
    socket.emit('trends:subscribe', { window: '1h' });
    // The idle watermark follows the clock: compare a snapshot and an answer taken at the same watermark.
    let api: { asOf: string; words: unknown[] } | undefined;
    await waitFor(
      async () => {
        if (!snapshot) return false;
        api = (await (await fetch(`${url}/api/trends?window=1h&limit=20`)).json()) as { asOf: string; words: unknown[] };
        if (api.asOf === snapshot.asOf) return true;
        socket.emit('trends:resync');
        return false;
      },
      { what: 'a socket.io snapshot at the same watermark as the API', timeoutMs: 60_000 },
    );
    expect(snapshot?.words).toEqual(api?.words);
    expect(snapshot?.words.length).toBeGreaterThan(0);
  } finally {
    socket.disconnect();
  }
}
