import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { applyHashtagRecord, normalizeHashtagOrThrow, type FollowedHashtag, type FollowedHashtagsChange } from '@trendstream/contracts/followed-hashtags';
import { CompactedTopicReader } from './compacted-topic-reader.js';

/** Writes follow/unfollow records. The producer is the caller's: it connects and disconnects it. */
export class FollowedHashtagsWriter {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** Validates and normalizes `input` (throws InvalidHashtagError), then records it as followed. */
  async follow(input: string, now: Date = new Date()): Promise<FollowedHashtag> {
    const tag = normalizeHashtagOrThrow(input);
    const value: FollowedHashtag = { tag, followedAt: now.toISOString() };
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: JSON.stringify(value) }] });
    return value;
  }

  /** Writes a tombstone for the normalized tag; unfollowing a tag nobody follows is harmless. */
  async unfollow(input: string): Promise<string> {
    const tag = normalizeHashtagOrThrow(input);
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: tag, value: null }] });
    return tag;
  }
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
 * Keeps the current followed set by reading the topic (CompactedTopicReader), and tells listeners what
 * changed. `ready()` resolves once everything that was in the topic at start has been read, so a caller can
 * tell "nothing followed" from "not read yet".
 */
export class FollowedHashtagsReader {
  private readonly state = new Map<string, FollowedHashtag>();
  private readonly listeners = new Set<Listener>();
  private readonly reader: CompactedTopicReader;

  constructor(
    kafka: Kafka,
    private readonly options: FollowedHashtagsReaderOptions,
  ) {
    this.reader = new CompactedTopicReader(kafka, {
      topic: options.topic,
      groupIdPrefix: options.groupIdPrefix ?? 'trendstream-hashtags',
      ...(options.maxWaitTimeInMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeInMs }),
      onRecord: ({ key, value }) => this.apply(key, value ? value.toString('utf8') : null),
    });
  }

  /** Connects and starts consuming; resolves once consuming has begun (use ready() to wait for the backlog). */
  start(): Promise<void> {
    return this.reader.start();
  }

  /** Resolves once the records present at start have been applied; rejects after `timeoutMs`. */
  ready(timeoutMs = 30_000): Promise<void> {
    return this.reader.ready(timeoutMs);
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

  stop(): Promise<void> {
    return this.reader.stop();
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
