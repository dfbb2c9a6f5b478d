import { z } from 'zod';
import { authorOptedOut, type Post, type PostSource } from '@trendstream/contracts/post';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import type { MastodonStatus } from '@trendstream/contracts/mastodon-status';
import { parseStatus, toPostAccount } from '@trendstream/contracts/status-to-post';
import { BoundedTtlMap } from '../sources/bounded-ttl-map.js';
import type { PostSink, SinkOutcome } from '../sources/post-sink.js';

/** Where a status came from. */
export interface StatusOrigin {
  instance: string;
  source: Extract<PostSource, 'stream' | 'rest'>;
}

export interface StatusSinkOptions {
  /** The dedupe and output every source shares. */
  posts: PostSink;
  skipOptedOut: boolean;
  /** `instance id` -> URI memory bounds: a streaming delete carries only the local id. */
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
 * first copy wins and the others are dropped by the shared PostSink, before Kafka.
 * Normalization is the one shared with replay (parseStatus). Shared by every instance of the process.
 */
export class StatusSink {
  /** `instance id` -> URI of statuses we produced: a streaming delete carries only the local id. */
  private readonly uriById: BoundedTtlMap<string, string>;

  constructor(private readonly options: StatusSinkOptions) {
    this.uriById = new BoundedTtlMap(options.dedupeCapacity, options.dedupeTtlMs);
  }

  /** A new status (streaming `update`, or a REST timeline entry). `raw` is its JSON text as received. */
  update(json: unknown, raw: string | undefined, origin: StatusOrigin): SinkOutcome {
    const post = this.toPost(json, origin, 'update');
    if (typeof post === 'string') return post;
    const outcome = this.options.posts.offer({ kind: 'post', post }, raw);
    if (outcome === 'accepted') this.uriById.set(`${origin.instance} ${post.statusId}`, post.uri, this.options.now());
    return this.report(outcome, 'update', origin);
  }

  /** A streaming `status.update`: the full status after an edit. */
  statusUpdate(json: unknown, origin: StatusOrigin): SinkOutcome {
    const post = this.toPost(json, origin, 'status.update');
    if (typeof post === 'string') return post;
    const edited = editedAt.safeParse(json);
    const editedMs = edited.success && edited.data.edited_at ? Date.parse(edited.data.edited_at) : Number.NaN;
    const record: PostsTopicRecord = { kind: 'updated', post, editedAt: Number.isNaN(editedMs) ? null : editedMs };
    // The same edit arrives once per instance that has the post: the sink dedupes on URI and edit time.
    return this.report(this.options.posts.offer(record, undefined), 'status.update', origin);
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
    const record: PostsTopicRecord = { kind: 'deleted', uri, statusId: id, instance: origin.instance, network: 'mastodon', receivedAt: now };
    return this.report(this.options.posts.offer(record, undefined), 'delete', origin);
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
