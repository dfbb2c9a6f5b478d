import { describe, expect, it } from 'vitest';
import { DecodeError } from '../src/codec-errors.js';
import { createPostCodec } from '../src/post-codec.js';
import { createPostsTopicCodec } from '../src/posts-topic-codec.js';
import type { PostsTopicRecord } from '../src/status-events.js';
import { postsTopicKey } from '../src/status-events.js';
import { loadAvroType, readAvroSchema } from './support/avro-files.js';
import { samplePost } from './support/sample-post.js';

const codec = createPostsTopicCodec(loadAvroType);

const deleted: PostsTopicRecord = {
  kind: 'deleted',
  uri: samplePost.uri,
  statusId: '1',
  instance: 'example.social',
  receivedAt: Date.UTC(2026, 10, 25, 12, 5, 0),
};
const updated: PostsTopicRecord = {
  kind: 'updated',
  post: { ...samplePost, text: 'Hello fediverse #Kafka (edited)' },
  editedAt: Date.UTC(2026, 10, 25, 12, 4, 0),
};

type RecordSchema = { fields: { name: string; type: unknown }[] };

describe('posts topic codec', () => {
  const cases: [string, PostsTopicRecord][] = [
    ['a post', { kind: 'post', post: samplePost }],
    ['a delete', deleted],
    ['an edit', updated],
    ['an edit without edited_at', { ...updated, editedAt: null }],
  ];
  it.each(cases)('round-trips %s and tells its kind from the fingerprint', (_name, record) => {
    expect(codec.decode(codec.encode(record))).toEqual(record);
  });

  it('encodes a post exactly as the post codec does, so post-only readers keep working', () => {
    expect(codec.encode({ kind: 'post', post: samplePost })).toEqual(createPostCodec(loadAvroType).encode(samplePost));
  });

  it('gives each record type its own fingerprint', () => {
    const fingerprints = [{ kind: 'post', post: samplePost } as PostsTopicRecord, deleted, updated].map((record) => codec.encode(record).readBigUInt64LE(2));
    expect(new Set(fingerprints).size).toBe(3);
  });

  it('makes the post codec reject a delete with UNKNOWN_SCHEMA (the reason the processor must switch codecs)', () => {
    expect(() => createPostCodec(loadAvroType).decode(codec.encode(deleted))).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCHEMA' }) as Error);
  });

  it('keys every kind by the status URI', () => {
    expect(postsTopicKey(deleted)).toBe(samplePost.uri);
    expect(postsTopicKey(updated)).toBe(samplePost.uri);
    expect(postsTopicKey({ kind: 'post', post: samplePost })).toBe(samplePost.uri);
  });

  it.each([
    ['nothing', null, 'TOO_SHORT'],
    ['a few bytes', Buffer.from([0xc3, 0x01, 2]), 'TOO_SHORT'],
    ['JSON', Buffer.from('{"kind":"deleted","uri":"https://x/1"}'), 'BAD_MAGIC'],
    ['an unknown fingerprint', Buffer.from([0xc3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 0]), 'UNKNOWN_SCHEMA'],
  ] as const)('rejects %s with a typed DecodeError', (_name, bytes, code) => {
    let caught: unknown;
    try {
      codec.decode(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).code).toBe(code);
  });

  it('rejects a truncated delete with BAD_BODY', () => {
    const bytes = codec.encode(deleted);
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 3))).toThrow(expect.objectContaining({ code: 'BAD_BODY' }) as Error);
  });

  it('embeds exactly the post.v1 schema in status-updated.v1 (the files must not drift apart)', () => {
    const post = readAvroSchema<RecordSchema>('post.v1.avsc');
    const embedded = readAvroSchema<RecordSchema>('status-updated.v1.avsc').fields.find((field) => field.name === 'post')?.type as { fields: unknown };
    expect(embedded.fields).toEqual(post.fields);
  });
});
