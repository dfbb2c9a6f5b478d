import type { Post } from './post.js';

/** The `trendstream.StatusDeleted` Avro record (avro/status-deleted.v1.avsc). */
export interface StatusDeleted {
  uri: string;
  statusId: string;
  instance: string;
  /** When ingest received the delete, epoch milliseconds. */
  receivedAt: number;
}

/** The `trendstream.StatusUpdated` Avro record (avro/status-updated.v1.avsc): the post as it reads after an edit. */
export interface StatusUpdated {
  post: Post;
  /** The status's `edited_at`, epoch milliseconds, when the instance sent one. */
  editedAt: number | null;
}

/**
 * Everything the `posts` topic carries, told apart by the schema fingerprint in each message's header.
 * Consumers that only count posts can ignore the other kinds (docs/ingest.md, "Deletes and edits").
 */
export type PostsTopicRecord = { kind: 'post'; post: Post } | ({ kind: 'deleted' } & StatusDeleted) | ({ kind: 'updated' } & StatusUpdated);

/** The Kafka key of every record on the `posts` topic: the status URI, so all records of a status share a partition. */
export function postsTopicKey(record: PostsTopicRecord): string {
  return record.kind === 'deleted' ? record.uri : record.post.uri;
}
