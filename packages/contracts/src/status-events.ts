import type { Network, Post } from './post.js';

/**
 * The `trendstream.StatusDeleted` Avro record (avro/status-deleted.v2.avsc). `N` as in Post: a writer writes a
 * known Network; a decoded record may name any (DecodedPostsTopicRecord).
 */
export interface StatusDeleted<N extends string = Network> {
  uri: string;
  statusId: string;
  instance: string;
  /** When ingest received the delete, epoch milliseconds. */
  receivedAt: number;
  /** `mastodon` in data written before the field existed (status-deleted.v1). */
  network: N;
}

/** The `trendstream.StatusUpdated` Avro record (avro/status-updated.v2.avsc): the post as it reads after an edit. */
export interface StatusUpdated<N extends string = Network> {
  post: Post<N>;
  /** The status's `edited_at`, epoch milliseconds, when the instance sent one. */
  editedAt: number | null;
}

/**
 * Everything the `posts` topic carries, told apart by the schema fingerprint in each message's header.
 * Consumers that only count posts can ignore the other kinds (docs/ingest.md, "Deletes and edits").
 */
export type PostsTopicRecord<N extends string = Network> =
  { kind: 'post'; post: Post<N> } | ({ kind: 'deleted' } & StatusDeleted<N>) | ({ kind: 'updated' } & StatusUpdated<N>);

/** A record as read from the topic: its network may be one a newer writer added (see isNetwork in post.ts). */
export type DecodedPostsTopicRecord = PostsTopicRecord<string>;

/** The Kafka key of every record on the `posts` topic: the post's identity on its network, so all records of a post share a partition. */
export function postsTopicKey(record: DecodedPostsTopicRecord): string {
  return record.kind === 'deleted' ? record.uri : record.post.uri;
}
