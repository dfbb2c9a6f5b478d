import { postsTopicKey, type PostsTopicRecord } from '@trendstream/contracts/status-events';
import { BoundedTtlMap } from './bounded-ttl-map.js';

/** Where accepted records go: the queue to Kafka, or the file `record` writes. */
export interface RecordOutput {
  /** False when the output refused the record (its bounded queue is full): it is counted as dropped. */
  offer(record: PostsTopicRecord, raw: string | undefined): boolean;
}

/** What became of one thing a source received. */
export type SinkOutcome = 'accepted' | 'duplicate' | 'opted-out' | 'invalid' | 'dropped' | 'unknown';

export interface PostSinkOptions {
  output: RecordOutput;
  dedupeCapacity: number;
  dedupeTtlMs: number;
  now: () => number;
}

/**
 * The one door every live source's records pass on their way to the output, so that a record reaches Kafka
 * once whichever source, instance or path (stream, gap fill, cursor replay) delivered it first. Memory is
 * bounded (capacity and age); downstream the processor's dedupe by identity catches what this lets through
 * after a restart.
 */
export class PostSink {
  private readonly seen: BoundedTtlMap<string, true>;

  constructor(private readonly options: PostSinkOptions) {
    this.seen = new BoundedTtlMap(options.dedupeCapacity, options.dedupeTtlMs);
  }

  /** Hands the record to the output unless an equal one passed before. A refused record is not remembered. */
  offer(record: PostsTopicRecord, raw: string | undefined): 'accepted' | 'duplicate' | 'dropped' {
    const key = dedupeKey(record);
    const now = this.options.now();
    if (this.seen.has(key, now)) return 'duplicate';
    if (!this.options.output.offer(record, raw)) return 'dropped';
    this.seen.set(key, true, now);
    return 'accepted';
  }

  /** True when a post with this identity was accepted within the memory's reach. */
  accepted(uri: string): boolean {
    return this.seen.has(uri, this.options.now());
  }
}

/**
 * A post is itself once; an edit once per edit time (each instance that has the post sends the same edit);
 * a delete once.
 */
function dedupeKey(record: PostsTopicRecord): string {
  switch (record.kind) {
    case 'post':
      return postsTopicKey(record);
    case 'updated':
      return `edit ${record.post.uri} ${record.editedAt ?? ''}`;
    case 'deleted':
      return `delete ${record.uri}`;
  }
}
