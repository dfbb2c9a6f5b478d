import { createHash } from 'node:crypto';
import { DecodeError } from '@trendstream/contracts/codec-errors';
import type { Post } from '@trendstream/contracts/post';
import { tokenize } from '@trendstream/contracts/tokenizer';
import type { PendingMessage } from './batch-types.js';

/** What a posts-topic message decodes to: a post to count, or a valid record the processor does not count. */
export type DecodedRecord = { kind: 'post'; post: Post } | { kind: 'skip'; reason: string };

export type RecordDecoder = (value: Buffer | null) => DecodedRecord;

export function uriHash(uri: string): string {
  return createHash('md5').update(uri).digest('hex');
}

/**
 * Decodes and tokenizes one Kafka message as it arrives, so the flush transaction only aggregates. A message
 * that cannot be decoded becomes a dead letter instead of an exception: it must never block its partition.
 */
export function toPendingMessage(partition: number, offset: number, key: Buffer | null, value: Buffer | null, decode: RecordDecoder): PendingMessage {
  let record: DecodedRecord;
  try {
    record = decode(value);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { kind: 'dead', partition, offset, code: error.code, reason: error.message, key, value };
  }
  if (record.kind === 'skip') return { kind: 'skip', partition, offset, reason: record.reason };
  const { post } = record;
  const text = post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text;
  return {
    kind: 'post',
    partition,
    offset,
    post: {
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
    },
  };
}
