import { createHash } from 'node:crypto';
import { DecodeError } from '@trendstream/contracts/codec-errors';
import type { DecodedPost } from '@trendstream/contracts/post';
import type { DecodedPostsTopicRecord } from '@trendstream/contracts/status-events';
import { tokenize } from '@trendstream/contracts/tokenizer';
import type { CountablePost, PendingMessage } from './batch-types.js';

/** Decodes a posts-topic message (a post, a deletion or an edit); throws DecodeError for anything else. */
export type RecordDecoder = (value: Buffer | null) => DecodedPostsTopicRecord;

export function uriHash(uri: string): string {
  return createHash('md5').update(uri).digest('hex');
}

/**
 * Decodes and tokenizes one Kafka message as it arrives, so the flush transaction only aggregates. A message
 * that cannot be decoded becomes a dead letter instead of an exception: it must never block its partition.
 */
export function toPendingMessage(partition: number, offset: number, key: Buffer | null, value: Buffer | null, decode: RecordDecoder): PendingMessage {
  let record: DecodedPostsTopicRecord;
  try {
    record = decode(value);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { kind: 'dead', partition, offset, code: error.code, reason: error.message, key, value };
  }
  switch (record.kind) {
    case 'post':
      return { kind: 'post', partition, offset, post: toCountable(record.post) };
    case 'updated':
      return { kind: 'edit', partition, offset, post: toCountable(record.post) };
    case 'deleted':
      return { kind: 'delete', partition, offset, uriHash: uriHash(record.uri), receivedAt: record.receivedAt };
  }
}

// Every network counts the same way, one this build does not know included (a newer ingest may write it).
function toCountable(post: DecodedPost): CountablePost {
  const text = post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text;
  return {
    uriHash: uriHash(post.uri),
    createdAt: post.createdAt,
    receivedAt: post.receivedAt,
    language: post.language,
    isBoost: post.isBoost,
    hashtags: post.hashtags,
    source: post.source,
    instance: post.instance,
    // Boosts add no word counts, so they are not worth tokenizing.
    tokens: post.isBoost ? [] : tokenize({ text, language: post.language, hashtags: post.hashtags }),
  };
}
