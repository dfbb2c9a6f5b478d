import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { metricSum, REPO_ROOT } from './bench-shared.js';
import { cpuSeconds, peakRssMbOf } from './process-usage.js';

/** One live ingest process (`ingest/dist/main.js`, as a user runs it) and what the benchmark reads of it. */
export class IngestProcess {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    env: NodeJS.ProcessEnv,
    readonly port: number,
  ) {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'ingest/dist/main.js')], {
      cwd: REPO_ROOT,
      env: { ...env, INGEST_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  cpuSeconds(): number {
    return cpuSeconds(this.child.pid!);
  }

  peakRssMb(): number {
    return peakRssMbOf(this.child.pid!);
  }

  /** The sum of a counter over its labels, from the ingest's /metrics. */
  async metric(name: string): Promise<number> {
    return metricSum(await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text(), name);
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Records on a topic now. */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  let total = 0;
  for (const { high, low } of await admin.fetchTopicOffsets(topic)) total += Number(high) - Number(low);
  return total;
}

/** The URIs of the posts on the posts topic from `fromOffset` on, as they arrive. */
export class PostsReader {
  readonly uris = new Set<string>();
  private readonly consumer: Consumer;
  private readonly codec = postsTopicCodec();

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({ groupId: `${topic}-bench-reader-${Date.now()}` });
  }

  async start(fromOffset: number): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message }) => {
        const record = this.codec.decode(message.value);
        if (record.kind === 'post') this.uris.add(record.post.uri);
        return Promise.resolve();
      },
    });
    this.consumer.seek({ topic: this.topic, partition: 0, offset: String(fromOffset) });
    return this;
  }

  has(uris: Iterable<string>): number {
    let count = 0;
    for (const uri of uris) if (this.uris.has(uri)) count += 1;
    return count;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/** Polls `check` every 100 ms until it holds; fails with what it waited for after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, signal: AbortSignal, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (signal.aborted) throw new Error(`stopped while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface SilentFeedResult {
  secondsToFirstRecoveredPost: number;
  postsMadeDuringSilence: number;
  postsRecovered: number;
  goalMet: boolean;
}

/**
 * A feed that goes silent at `silence()` while `publish()` makes a post a second for `posts` seconds: how long
 * until the first of them is in Kafka, and whether all arrive.
 */
export async function measureSilentFeed(options: {
  silence: () => void;
  publish: () => string;
  posts: number;
  reader: PostsReader;
  signal: AbortSignal;
}): Promise<SilentFeedResult> {
  const { reader, signal } = options;
  // A post through the live feed first: the silence starts on a feed that has just delivered.
  const live = options.publish();
  await until(() => reader.uris.has(live), signal, 120_000, 'a post through the live feed before the silence');
  options.silence();
  const silencedAt = Date.now();
  const made = new Set<string>([options.publish()]);
  // The benchmark's own pacing, a post a second as a quiet feed has them; not a test wait.
  const publisher = setInterval(() => {
    if (made.size < options.posts) made.add(options.publish());
  }, 1_000);
  let firstRecovered: number;
  try {
    await until(() => reader.has(made) > 0, signal, 300_000, 'the first post made during the silence');
    firstRecovered = Date.now() - silencedAt;
    await until(() => made.size >= options.posts, signal, 60_000, 'the last post of the silence to be made');
  } finally {
    clearInterval(publisher);
  }
  await until(() => reader.has(made) === made.size, signal, 180_000, 'every post made during the silence');
  return {
    secondsToFirstRecoveredPost: Math.round(firstRecovered / 100) / 10,
    postsMadeDuringSilence: made.size,
    postsRecovered: reader.has(made),
    goalMet: firstRecovered <= 60_000,
  };
}

/**
 * Waits until `posts` records are on `topic`, then what reading them cost the ingest since `startedAt` (and
 * `cpuBefore`, its CPU seconds then): posts/s, CPU, peak memory, the records there.
 */
export async function measureThroughput(options: {
  ingest: IngestProcess;
  admin: Admin;
  topic: string;
  posts: number;
  startedAt: number;
  cpuBefore: number;
  signal: AbortSignal;
}) {
  const { ingest, admin, topic, posts } = options;
  await until(async () => (await recordCount(admin, topic)) >= posts, options.signal, 600_000, 'every post in Kafka');
  const seconds = (Date.now() - options.startedAt) / 1000;
  return {
    posts,
    seconds: round(seconds),
    postsPerSecond: Math.round(posts / seconds),
    ingestCpuPercent: round(((ingest.cpuSeconds() - options.cpuBefore) / seconds) * 100),
    ingestPeakRssMb: ingest.peakRssMb(),
    recordsProduced: await recordCount(admin, topic),
  };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
