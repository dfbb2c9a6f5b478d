import { describe, expect, it } from 'vitest';
import { KNOWN_POST_SCHEMA_FILES } from '../src/avro-schemas.js';
import { DecodeError } from '../src/codec-errors.js';
import { createPostCodec } from '../src/post-codec.js';
import type { Post } from '../src/post.js';
import { KNOWN_STATUS_DELETED_SCHEMA_FILES, KNOWN_STATUS_UPDATED_SCHEMA_FILES, createPostsTopicCodec } from '../src/posts-topic-codec.js';
import { SingleObjectCodec } from '../src/single-object-codec.js';
import type { PostsTopicRecord, StatusDeleted } from '../src/status-events.js';
import { postsTopicKey } from '../src/status-events.js';
import { loadAvroType, readAvroSchema } from './support/avro-files.js';
import { samplePost, withoutNetwork, type PostV1 } from './support/sample-post.js';

const codec = createPostsTopicCodec(loadAvroType);

const deleted: PostsTopicRecord = {
  kind: 'deleted',
  uri: samplePost.uri,
  statusId: '1',
  instance: 'example.social',
  receivedAt: Date.UTC(2026, 10, 25, 12, 5, 0),
  network: 'mastodon',
};
const updated: PostsTopicRecord = {
  kind: 'updated',
  post: { ...samplePost, text: 'Hello fediverse #Kafka (edited)' },
  editedAt: Date.UTC(2026, 10, 25, 12, 4, 0),
};

const blueskyUri = 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l6oveex3ii2l';
const blueskyPost: Post = { ...samplePost, uri: blueskyUri, statusId: '3l6oveex3ii2l', instance: 'bsky.app', network: 'bluesky' };
const blueskyDelete: StatusDeleted = {
  uri: blueskyUri,
  statusId: '3l6oveex3ii2l',
  instance: 'bsky.app',
  receivedAt: Date.UTC(2026, 10, 25, 12, 6, 0),
  network: 'bluesky',
};

type RecordSchema = { fields: { name: string; type: unknown }[] };
type StatusDeletedV1 = Omit<StatusDeleted, 'network'>;
type StatusUpdatedV1 = { post: PostV1; editedAt: number | null };

/** A codec that writes with one real schema file and reads it and the others given (a producer or consumer of that version). */
function codecOf<T>(file: string, alsoReads: string[] = []): SingleObjectCodec<T> {
  return new SingleObjectCodec<T>(loadAvroType(file), alsoReads.map(loadAvroType));
}

describe('posts topic codec', () => {
  const cases: [string, PostsTopicRecord][] = [
    ['a post', { kind: 'post', post: samplePost }],
    ['a Bluesky post', { kind: 'post', post: blueskyPost }],
    ['a delete', deleted],
    ['a Bluesky delete', { kind: 'deleted', ...blueskyDelete }],
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

  it('gives every known schema file its own fingerprint (decode picks the kind by it)', () => {
    const files = [...KNOWN_POST_SCHEMA_FILES, ...KNOWN_STATUS_DELETED_SCHEMA_FILES, ...KNOWN_STATUS_UPDATED_SCHEMA_FILES];
    expect(files).toHaveLength(6);
    expect(new Set(files.map((file) => codecOf(file).fingerprint)).size).toBe(files.length);
  });

  it('makes the post codec reject a delete with UNKNOWN_SCHEMA (the reason the processor must switch codecs)', () => {
    expect(() => createPostCodec(loadAvroType).decode(codec.encode(deleted))).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCHEMA' }) as Error);
  });

  it("keys every kind by the post's identity on its network", () => {
    expect(postsTopicKey(deleted)).toBe(samplePost.uri);
    expect(postsTopicKey(updated)).toBe(samplePost.uri);
    expect(postsTopicKey({ kind: 'post', post: samplePost })).toBe(samplePost.uri);
    expect(postsTopicKey({ kind: 'post', post: blueskyPost })).toBe(blueskyUri);
    expect(postsTopicKey({ kind: 'deleted', ...blueskyDelete })).toBe(blueskyUri);
  });

  describe('reads what v1 producers wrote as Mastodon records (backward compatible)', () => {
    it('a post', () => {
      const bytes = codecOf<PostV1>('post.v1.avsc').encode(withoutNetwork(samplePost));
      expect(codec.decode(bytes)).toEqual({ kind: 'post', post: samplePost });
    });

    it('a delete', () => {
      const { kind: _kind, network: _network, ...v1 } = deleted;
      const bytes = codecOf<StatusDeletedV1>('status-deleted.v1.avsc').encode(v1);
      expect(codec.decode(bytes)).toEqual({ ...deleted, network: 'mastodon' });
    });

    it('an edit', () => {
      const bytes = codecOf<StatusUpdatedV1>('status-updated.v1.avsc').encode({ post: withoutNetwork(updated.post), editedAt: updated.editedAt });
      expect(codec.decode(bytes)).toEqual(updated);
    });
  });

  describe('lets v1 readers read what v2 producers write, ignoring network (forward compatible)', () => {
    it('a post', () => {
      const bytes = codec.encode({ kind: 'post', post: blueskyPost });
      expect(codecOf<PostV1>('post.v1.avsc', ['post.v2.avsc']).decode(bytes)).toEqual(withoutNetwork(blueskyPost));
    });

    it('a delete', () => {
      const bytes = codec.encode({ kind: 'deleted', ...blueskyDelete });
      const { network: _network, ...v1 } = blueskyDelete;
      expect(codecOf<StatusDeletedV1>('status-deleted.v1.avsc', ['status-deleted.v2.avsc']).decode(bytes)).toEqual(v1);
    });

    it('an edit', () => {
      const bytes = codec.encode({ kind: 'updated', post: blueskyPost, editedAt: null });
      const readerOfV1 = codecOf<StatusUpdatedV1>('status-updated.v1.avsc', ['status-updated.v2.avsc']);
      expect(readerOfV1.decode(bytes)).toEqual({ post: withoutNetwork(blueskyPost), editedAt: null });
    });
  });

  it('keeps a network name it does not know on every kind, from a newer writer that added a network', () => {
    const post = { ...samplePost, network: 'threads' };
    expect(codec.decode(codecOf('post.v2.avsc').encode(post))).toEqual({ kind: 'post', post });
    expect(codec.decode(codecOf('status-deleted.v2.avsc').encode({ ...blueskyDelete, network: 'threads' }))).toEqual({
      kind: 'deleted',
      ...blueskyDelete,
      network: 'threads',
    });
    expect(codec.decode(codecOf('status-updated.v2.avsc').encode({ post, editedAt: null }))).toEqual({ kind: 'updated', post, editedAt: null });
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

  it.each([
    ['post.v1.avsc', 'status-updated.v1.avsc'],
    ['post.v2.avsc', 'status-updated.v2.avsc'],
  ])('embeds exactly the %s schema in %s (the files must not drift apart)', (postFile, updatedFile) => {
    const post = readAvroSchema<RecordSchema>(postFile);
    const embedded = readAvroSchema<RecordSchema>(updatedFile).fields.find((field) => field.name === 'post')?.type as { fields: unknown };
    expect(embedded.fields).toEqual(post.fields);
  });
});
