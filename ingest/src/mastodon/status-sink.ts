import { z } from 'zod';
import { authorOptedOut, type Post, type PostSource } from '@trendstream/contracts/post';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import type { MastodonStatus } from '@trendstream/contracts/mastodon-status';
import { parseStatus, toPostAccount } from '@trendstream/contracts/status-to-post';
import { BoundedTtlMap } from './bounded-ttl-map.js';

/** Where a status came from. */
export interface StatusOrigin {
  instance: string;
  source: Extract<PostSource, 'stream' | 'rest'>;
}

/** Where accepted records go: the queue to Kafka, or the file `record` writes. */
export interface StatusOutput {
  /** False when the output refused the record (its bounded queue is full): it is counted as dropped. */
  offer(record: PostsTopicRecord, raw: string | undefined): boolean;
}

export type SinkOutcome = 'accepted' | 'duplicate' | 'opted-out' | 'invalid' | 'dropped' | 'unknown';

export interface StatusSinkOptions {
  output: StatusOutput;
  skipOptedOut: boolean;
  dedupeCapacity: number;
  dedupeTtlMs: number;
  now: () => number;
  /** Told about every outcome, for metrics and logs. */
  onOutcome?: (outcome: SinkOutcome, event: 'update' | 'status.update' | 'delete', origin: StatusOrigin, reason?: string) => void;
}

const editedAt = z.object({ edited_at: z.string().nullish() });

/**
 * Turns what the instances send into records for the posts topic, once. The same post reaches us from
 * several instances (different local ids, same URI) and from both the stream and the REST gap fill: the
 * first copy wins and the others are dropped here, before Kafka, within a bounded memory of recent URIs.
 * Normalization is the one shared with replay (parseStatus). Shared by every instance of the process.
 */
export class StatusSink {
  private readonly seen: BoundedTtlMap<string, true>;
  /** `instance id` -> URI of statuses we produced: a streaming delete carries only the local id. */
  private readonly uriById: BoundedTtlMap<string, string>;

  constructor(private readonly options: StatusSinkOptions) {
    this.seen = new BoundedTtlMap(options.dedupeCapacity, options.dedupeTtlMs);
    this.uriById = new BoundedTtlMap(options.dedupeCapacity, options.dedupeTtlMs);
  }

  /** A new status (streaming `update`, or a REST timeline entry). `raw` is its JSON text as received. */
  update(json: unknown, raw: string | undefined, origin: StatusOrigin): SinkOutcome {
    const post = this.toPost(json, origin, 'update');
    if (typeof post === 'string') return post;
    const now = this.options.now();
    if (this.seen.has(post.uri, now)) return this.report('duplicate', 'update', origin);
    if (!this.options.output.offer({ kind: 'post', post }, raw)) return this.report('dropped', 'update', origin);
    this.seen.set(post.uri, true, now);
    this.uriById.set(`${origin.instance} ${post.statusId}`, post.uri, now);
    return this.report('accepted', 'update', origin);
  }

  /** A streaming `status.update`: the full status after an edit. */
  statusUpdate(json: unknown, origin: StatusOrigin): SinkOutcome {
    const post = this.toPost(json, origin, 'status.update');
    if (typeof post === 'string') return post;
    const edited = editedAt.safeParse(json);
    const editedMs = edited.success && edited.data.edited_at ? Date.parse(edited.data.edited_at) : Number.NaN;
    const record: PostsTopicRecord = { kind: 'updated', post, editedAt: Number.isNaN(editedMs) ? null : editedMs };
    // The same edit arrives once per instance that has the post: dedupe on URI and edit time.
    const key = `edit ${post.uri} ${record.editedAt ?? ''}`;
    const now = this.options.now();
    if (this.seen.has(key, now)) return this.report('duplicate', 'status.update', origin);
    if (!this.options.output.offer(record, undefined)) return this.report('dropped', 'status.update', origin);
    this.seen.set(key, true, now);
    return this.report('accepted', 'status.update', origin);
  }

  /**
   * A streaming `delete`, which names only the instance's local id. Forwarded only for statuses this process
   * produced (their URI is known): big instances send deletes for everything they ever federated, and a
   * delete for a post we never counted means nothing downstream.
   */
  delete(id: string, origin: StatusOrigin): SinkOutcome {
    const now = this.options.now();
    const uri = this.uriById.get(`${origin.instance} ${id}`, now);
    if (!uri) return this.report('unknown', 'delete', origin);
    const key = `delete ${uri}`;
    if (this.seen.has(key, now)) return this.report('duplicate', 'delete', origin);
    const record: PostsTopicRecord = { kind: 'deleted', uri, statusId: id, instance: origin.instance, receivedAt: now };
    if (!this.options.output.offer(record, undefined)) return this.report('dropped', 'delete', origin);
    this.seen.set(key, true, now);
    return this.report('accepted', 'delete', origin);
  }

  private toPost(json: unknown, origin: StatusOrigin, event: 'update' | 'status.update'): Post | 'invalid' | 'opted-out' {
    const parsed = parseStatus(json, { instance: origin.instance, source: origin.source, receivedAt: this.options.now() });
    if (!parsed.ok) {
      this.report('invalid', event, origin, parsed.reason);
      return 'invalid';
    }
    if (this.options.skipOptedOut && this.optedOut(parsed.post, json)) {
      this.report('opted-out', event, origin);
      return 'opted-out';
    }
    return parsed.post;
  }

  /** The poster, and for a boost also the original author: a boost must not carry an opted-out text. */
  private optedOut(post: Post, json: unknown): boolean {
    if (authorOptedOut(post.account)) return true;
    if (!post.isBoost) return false;
    // parseStatus has validated the whole status, reblog included: only the original author's flags are needed.
    const { reblog } = json as MastodonStatus;
    return reblog != null && authorOptedOut(toPostAccount(reblog.account));
  }

  private report(outcome: SinkOutcome, event: 'update' | 'status.update' | 'delete', origin: StatusOrigin, reason?: string): SinkOutcome {
    this.options.onOutcome?.(outcome, event, origin, reason);
    return outcome;
  }
}
