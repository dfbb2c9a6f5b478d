import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { TopicCatchUp } from './topic-catch-up.js';

export interface CompactedTopicRecord {
  key: string | null;
  /** null is a tombstone: the key was removed. */
  value: Buffer | null;
}

export interface CompactedTopicReaderOptions {
  topic: string;
  /** Each reader joins its own throwaway group (this prefix + a UUID) so it always reads the whole topic. */
  groupIdPrefix: string;
  /** Called with every record, in offset order. */
  onRecord: (record: CompactedTopicRecord) => void;
  /** How long a fetch waits on an idle topic; also how long stop() may take. Default 1000 ms. */
  maxWaitTimeInMs?: number;
}

/**
 * The one reader of Trendstream's compacted state topics (`hashtags`, `ingest.status`, `ingest.cursors`):
 * reads the topic from the beginning and keeps following it. Compaction keeps the latest record per key, so
 * replaying the records in order rebuilds the current state. `ready()` resolves once everything the topic
 * held at start has been read, so a caller can tell "nothing there" from "not read yet".
 */
export class CompactedTopicReader {
  private consumer: Consumer | undefined;
  private readonly caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => {};

  constructor(
    private readonly kafka: Kafka,
    private readonly options: CompactedTopicReaderOptions,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.markCaughtUp = resolve;
    });
  }

  /** Connects and starts consuming; resolves once consuming has begun (use ready() to wait for the backlog). */
  async start(): Promise<void> {
    const catchUp = await TopicCatchUp.now(this.kafka, this.options.topic);
    void catchUp.done.then(this.markCaughtUp);
    const consumer = this.kafka.consumer({
      groupId: `${this.options.groupIdPrefix}-${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        this.options.onRecord({ key: message.key?.toString('utf8') ?? null, value: message.value });
        catchUp.advance(partition, message.offset);
        return Promise.resolve();
      },
    });
  }

  /** Resolves once the records present at start have been applied; rejects after `timeoutMs`. */
  ready(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${this.options.topic} topic was not read within ${timeoutMs} ms; is Kafka reachable?`)), timeoutMs);
    });
    return Promise.race([this.caughtUp, timeout]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect();
  }
}

/**
 * Reads a compacted topic once, from the beginning to its end as of now: the latest value per key (a
 * tombstone removes the key). Rejects when the end is not reached within `timeoutMs`.
 */
export async function readCompactedTopicOnce(kafka: Kafka, topic: string, groupIdPrefix: string, timeoutMs = 30_000): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  // An empty topic needs no consumer: joining a group costs seconds.
  if ((await TopicCatchUp.now(kafka, topic)).caughtUp) return latest;
  const reader = new CompactedTopicReader(kafka, {
    topic,
    groupIdPrefix,
    maxWaitTimeInMs: 200,
    onRecord: ({ key, value }) => {
      if (!key) return;
      if (value === null) latest.delete(key);
      else latest.set(key, value.toString('utf8'));
    },
  });
  try {
    await reader.start();
    await reader.ready(timeoutMs);
  } finally {
    await reader.stop();
  }
  return latest;
}
