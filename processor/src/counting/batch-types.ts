import type { DecodeErrorCode } from '@trendstream/contracts/codec-errors';

/** What the counting needs of a post, taken from the Avro record when the message arrives. */
export interface CountablePost {
  uriHash: string;
  createdAt: number;
  receivedAt: number;
  language: string | null;
  isBoost: boolean;
  hashtags: readonly string[];
  source: string;
  instance: string;
  tokens: readonly string[];
}

interface MessageAt {
  partition: number;
  offset: number;
}

export type PendingMessage =
  | (MessageAt & { kind: 'post'; post: CountablePost })
  /** A post as it reads after an edit: its words replace the ones it was counted with. */
  | (MessageAt & { kind: 'edit'; post: CountablePost })
  /** A deletion: the post's words leave the buckets they were counted in. */
  | (MessageAt & { kind: 'delete'; uriHash: string; receivedAt: number })
  | (MessageAt & { kind: 'dead'; code: DecodeErrorCode; reason: string; key: Buffer | null; value: Buffer | null });

export interface PartitionState {
  /** The next offset to apply: everything below is already counted. */
  nextOffset: number;
  maxEventTime: number | null;
  lastAdvanceAt: number | null;
  latePosts: number;
}

/** A change to the number of posts holding a word in a bucket: negative when a delete or an edit takes it back. */
export interface CountRow {
  scope: string;
  bucketStart: number;
  lang: string;
  word: string;
  count: number;
}

export interface PostCountRow {
  scope: string;
  bucketStart: number;
  lang: string;
  posts: number;
}
