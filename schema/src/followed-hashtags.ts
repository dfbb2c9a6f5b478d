import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { parseHashtag } from './hashtag.js';
import { TopicCatchUp } from './topic-catch-up.js';

/**
 * The followed hashtags live in the compacted `hashtags` topic: key = the normalized tag, value = the JSON
 * below, a null value (tombstone) = unfollowed. Compaction keeps the latest record per tag, so reading the
 * topic from the beginning yields the current set. Written by the hashtags CLI and the processor's
 * PUT/DELETE /api/hashtags; read by the ingest, which subscribes on every instance without a restart.
 */
export interface FollowedHashtag {
  tag: string;
  /** ISO 8601. */
  followedAt: string;
}

const followedHashtagValue = z.object({
  tag: z.string(),
  followedAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'followedAt is not an ISO 8601 date'),
});

/** A hashtag a person typed that Mastodon would not accept; `message` says why. */
export class InvalidHashtagError extends Error {
  readonly code = 'INVALID_HASHTAG';
  readonly retriable = false;
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a valid hashtag: ${reason}`);
    this.name = 'InvalidHashtagError';
  }
}

function normalizedOrThrow(input: string): string {
  const check = parseHashtag(input);
  if (!check.ok) throw new InvalidHashtagError(input, check.reason);
  return check.tag;
}

/** Writes follow/unfollow records. The producer is the caller's: it connects and disconnects it. */
export class FollowedHashtagsWriter {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** Validates and normalizes `input` (throws InvalidHashtagError), then records it as followed. */
  async follow(input: string, now: Date = new Date()): Promise<FollowedHashtag> {
    const tag = normalizedOrThrow(input);
    const value: FollowedHashtag = { tag, followedAt: now.toISOString() };
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: JSON.stringify(value) }] });
    return value;
  }

  /** Writes a tombstone for the normalized tag; unfollowing a tag nobody follows is harmless. */
  async unfollow(input: string): Promise<string> {
    const tag = normalizedOrThrow(input);
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: null }] });
    return tag;
  }
}

export interface FollowedHashtagsChange {
  added: string[];
  removed: string[];
  tags: ReadonlySet<string>;
}

export type HashtagRecordResult =
  | { ok: true; change: 'added' | 'removed' | 'unchanged'; tag: string }
  | { ok: false; reason: string };

/**
 * Applies one record of the topic to the followed set (pure; the reader's core). Records this code would
 * never write (a key that is not a normalized hashtag, a value that is not the JSON above) are rejected, so
 * a bad record cannot make the ingest subscribe to a tag Mastodon refuses.
 */
export function applyHashtagRecord(state: Map<string, FollowedHashtag>, key: string | null, value: string | null): HashtagRecordResult {
  if (key === null) return { ok: false, reason: 'record has no key' };
  const check = parseHashtag(key);
  if (!check.ok) return { ok: false, reason: `key "${key}" is not a valid hashtag: ${check.reason}` };
  if (check.tag !== key) return { ok: false, reason: `key "${key}" is not normalized (expected "${check.tag}")` };
  if (value === null) {
    return { ok: true, change: state.delete(key) ? 'removed' : 'unchanged', tag: key };
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, reason: `value for "${key}" is not JSON` };
  }
  const parsed = followedHashtagValue.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `value for "${key}" is not {tag, followedAt}` };
  if (parsed.data.tag !== key) return { ok: false, reason: `value names "${parsed.data.tag}" under key "${key}"` };
  const existed = state.has(key);
  state.set(key, parsed.data);
  return { ok: true, change: existed ? 'unchanged' : 'added', tag: key };
}

export interface FollowedHashtagsReaderOptions {
  topic: string;
  /** Each reader joins its own throwaway consumer group so it always reads the whole topic. */
  groupIdPrefix?: string;
  logger?: Logger;
  /** How long a fetch waits on an idle topic; also how long stop() may take. Default 1000 ms. */
  maxWaitTimeInMs?: number;
}

type Listener = (change: FollowedHashtagsChange) => void;

/**
 * Keeps the current followed set by consuming the topic from the beginning, and tells listeners what
 * changed. `ready()` resolves once everything that was in the topic at start has been read, so a caller can
 * tell "nothing followed" from "not read yet".
 */
export class FollowedHashtagsReader {
  private readonly state = new Map<string, FollowedHashtag>();
  private readonly listeners = new Set<Listener>();
  private consumer: Consumer | undefined;
  /** Resolves once what the topic held at start has been read (ready() may be called before start()). */
  private readonly caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => {};

  constructor(
    private readonly kafka: Kafka,
    private readonly options: FollowedHashtagsReaderOptions,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.markCaughtUp = resolve;
    });
  }

  /** Connects and starts consuming; resolves once consuming has begun (use ready() to wait for the backlog). */
  async start(): Promise<void> {
    const catchUp = await TopicCatchUp.now(this.kafka, this.options.topic);
    void catchUp.done.then(this.markCaughtUp);

    const groupId = `${this.options.groupIdPrefix ?? 'trendstream-hashtags'}-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1000 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        this.apply(message.key?.toString('utf8') ?? null, message.value ? message.value.toString('utf8') : null);
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

  get tags(): ReadonlySet<string> {
    return new Set(this.state.keys());
  }

  entries(): FollowedHashtag[] {
    return [...this.state.values()].sort((a, b) => a.tag.localeCompare(b.tag));
  }

  /** Calls `listener` after every change; returns the function that removes it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect();
  }

  private apply(key: string | null, value: string | null): void {
    const result = applyHashtagRecord(this.state, key, value);
    if (!result.ok) {
      this.options.logger?.warn({ topic: this.options.topic }, `ignoring a record of the hashtags topic: ${result.reason}`);
      return;
    }
    if (result.change === 'unchanged') return;
    const change: FollowedHashtagsChange = {
      added: result.change === 'added' ? [result.tag] : [],
      removed: result.change === 'removed' ? [result.tag] : [],
      tags: this.tags,
    };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'a followed-hashtags listener failed');
      }
    }
  }
}
