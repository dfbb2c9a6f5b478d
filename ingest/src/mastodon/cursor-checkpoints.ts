import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelKey } from './channel.js';
import { snowflakeAt } from './status-id.js';

/**
 * Where each channel of each instance was read up to, kept in the compacted `ingest.cursors` topic so that a
 * restarted ingest fills the gap its downtime left over REST, exactly as it does after a reconnect.
 * Key: `<host> <channel key>` (for example `mastodon.social public`, `mastodon.social hashtag:rust`).
 */
export interface StoredCursor {
  /** The newest status id read on that channel whose record had reached Kafka when the checkpoint was taken. */
  id: string;
  /** Wall time of the checkpoint, epoch ms. */
  savedAt: number;
}

/** Cursors older than this are not resumed from as they are: no window looks further back. */
export const RESUME_HORIZON_MS = 3_600_000;

const storedCursorSchema = z.object({ id: z.string().min(1).max(64), savedAt: z.number().int().nonnegative() });

export function cursorRecordKey(host: string, channel: ChannelKey): string {
  return `${host} ${channel}`;
}

export function parseCursorRecordKey(key: string): { host: string; channel: ChannelKey } | undefined {
  const space = key.indexOf(' ');
  if (space <= 0) return undefined;
  const channel = key.slice(space + 1);
  if (channel !== 'public' && channel !== 'local' && !/^hashtag:\S+$/u.test(channel)) return undefined;
  return { host: key.slice(0, space), channel: channel as ChannelKey };
}

export function parseStoredCursor(value: string): StoredCursor | undefined {
  try {
    const parsed = storedCursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to resume a channel from after a restart. A cursor older than the horizon would make the gap fill
 * read stale posts oldest first (all of them too late to count): a Mastodon (Snowflake) id is moved up to
 * the horizon instead, any other id is dropped (the channel then starts from the live stream, as on a first start).
 */
export function resumeCursor(stored: StoredCursor, now: number, horizonMs = RESUME_HORIZON_MS): string | undefined {
  if (now - stored.savedAt <= horizonMs) return stored.id;
  const floor = snowflakeAt(now - horizonMs);
  if (!/^\d{1,20}$/u.test(stored.id)) return undefined;
  return BigInt(stored.id) > BigInt(floor) ? stored.id : floor;
}

/** The resumable cursors, per host, out of the latest record of every key. */
export function resumableCursors(records: ReadonlyMap<string, string>, now: number, logger?: Logger): Map<string, Map<ChannelKey, string>> {
  const byHost = new Map<string, Map<ChannelKey, string>>();
  for (const [key, value] of records) {
    const parsedKey = parseCursorRecordKey(key);
    const stored = parseStoredCursor(value);
    if (!parsedKey || !stored) {
      logger?.warn({ key }, 'ignoring an ingest.cursors record that does not parse');
      continue;
    }
    const id = resumeCursor(stored, now);
    if (id === undefined) continue;
    const channels = byHost.get(parsedKey.host) ?? new Map<ChannelKey, string>();
    byHost.set(parsedKey.host, channels);
    channels.set(parsedKey.channel, id);
  }
  return byHost;
}

/**
 * Reads a compacted topic once, from the beginning to its end as of now: the latest value per key (a tombstone
 * removes the key). Rejects when the end is not reached within `timeoutMs`.
 */
export async function readCompactedTopicOnce(kafka: Kafka, topic: string, groupIdPrefix: string, timeoutMs = 30_000): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  const pending = new Map<number, bigint>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) pending.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return latest;

  const consumer = kafka.consumer({ groupId: `${groupIdPrefix}-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${topic} topic was not read within ${timeoutMs} ms; is Kafka reachable?`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            const key = message.key?.toString('utf8');
            if (key) {
              if (message.value === null) latest.delete(key);
              else latest.set(key, message.value.toString('utf8'));
            }
            const end = pending.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) {
              pending.delete(partition);
              if (pending.size === 0) resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return latest;
}

export interface CursorSource {
  readonly host: string;
  /** The current cursor of every channel read now. */
  cursorSnapshot(): ReadonlyMap<ChannelKey, string>;
}

export interface DeliveryTracker {
  /** Records accepted so far (a running count). */
  readonly acceptedCount: number;
  /** Resolves once the first `count` accepted records are in Kafka; never resolves if they are lost. */
  delivered(count: number): Promise<void>;
}

export interface CursorCheckpointerOptions {
  producer: Producer;
  topic: string;
  sources: readonly CursorSource[];
  delivery: DeliveryTracker;
  intervalMs: number;
  now: () => number;
  logger: Logger;
}

/**
 * Publishes the instances' cursors to `ingest.cursors`, but only cursors whose posts have reached Kafka: it
 * takes the cursors and the count of records accepted in one synchronous step (a status moves its channel's
 * cursor and is handed to the queue in the same call), waits until that many records are delivered, then
 * writes the changed cursors. A crash therefore makes a restart re-read a little, never skip.
 */
export class CursorCheckpointer {
  private readonly published = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: CursorCheckpointerOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      // One checkpoint at a time: while Kafka is down a checkpoint waits for its delivery, and ticks pass.
      this.running ??= this.checkpoint().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  /** Stops the timer; with `final`, writes one last checkpoint (call it once the queue has been delivered). */
  async stop(final: boolean): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
    if (final) await this.write(this.take().cursors);
  }

  private take(): { cursors: Map<string, string>; accepted: number } {
    const cursors = new Map<string, string>();
    for (const source of this.options.sources) {
      for (const [channel, id] of source.cursorSnapshot()) cursors.set(cursorRecordKey(source.host, channel), id);
    }
    return { cursors, accepted: this.options.delivery.acceptedCount };
  }

  private async checkpoint(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const { cursors, accepted } = this.take();
    const signal = this.stopping.signal;
    let onAbort = () => {};
    const stopped = new Promise<'stopped'>((resolve) => {
      onAbort = () => resolve('stopped');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      if ((await Promise.race([this.options.delivery.delivered(accepted), stopped])) === 'stopped') return;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    await this.write(cursors);
  }

  private async write(cursors: ReadonlyMap<string, string>): Promise<void> {
    const savedAt = this.options.now();
    const changed = [...cursors].filter(([key, id]) => this.published.get(key) !== id);
    if (changed.length === 0) return;
    try {
      await this.options.producer.send({
        topic: this.options.topic,
        messages: changed.map(([key, id]) => ({ key, value: JSON.stringify({ id, savedAt } satisfies StoredCursor) })),
      });
      for (const [key, id] of changed) this.published.set(key, id);
    } catch (error) {
      // The next checkpoint tries again; until then a restart re-reads a little more.
      this.options.logger.warn({ err: error }, `could not save the read positions to ${this.options.topic}`);
    }
  }
}
