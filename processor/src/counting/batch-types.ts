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
  /** A valid record the processor does not count (a deletion or an edit): it only moves the offset. */
  | (MessageAt & { kind: 'skip'; reason: string })
  | (MessageAt & { kind: 'dead'; code: DecodeErrorCode; reason: string; key: Buffer | null; value: Buffer | null });

export interface PartitionState {
  /** The next offset to apply: everything below is already counted. */
  nextOffset: number;
  maxEventTime: number | null;
  lastAdvanceAt: number | null;
  latePosts: number;
}

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
