import { describe, expect, it } from 'vitest';
import { KNOWN_POST_SCHEMA_FILES } from '../src/avro-schemas.js';
import { DecodeError } from '../src/codec-errors.js';
import { createPostCodec } from '../src/post-codec.js';
import { isNetwork, type DecodedPost, type Post } from '../src/post.js';
import { SingleObjectCodec } from '../src/single-object-codec.js';
import { loadAvroType } from './support/avro-files.js';
import { withoutNetwork, type PostV1 } from './support/sample-post.js';

export const samplePost: Post = {
  uri: 'https://example.social/users/ana/statuses/1',
  statusId: '1',
  instance: 'example.social',
  source: 'stream',
  url: null,
  createdAt: Date.UTC(2026, 10, 25, 12, 0, 0),
  receivedAt: Date.UTC(2026, 10, 25, 12, 0, 1),
  language: 'en',
  text: 'Hello fediverse #Kafka',
  spoilerText: '',
  hashtags: ['kafka'],
  isBoost: false,
  boostOfUri: null,
  sensitive: false,
  account: { acct: 'ana', bot: false, discoverable: true, indexable: null, noindexInBio: false },
  network: 'mastodon',
};

const blueskyPost: Post = {
  ...samplePost,
  uri: 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l6oveex3ii2l',
  statusId: '3l6oveex3ii2l',
  instance: 'bsky.app',
  network: 'bluesky',
};

// The real schema files: data already on the topic was written with v1, producers now write v2.
const v1 = loadAvroType('post.v1.avsc');
const v2 = loadAvroType('post.v2.avsc');

describe('post codec', () => {
  const codec = createPostCodec(loadAvroType);

  it('round-trips a post with the single-object header', () => {
    const bytes = codec.encode(samplePost);
    expect([...bytes.subarray(0, 2)]).toEqual([0xc3, 0x01]);
    expect(bytes.readBigUInt64LE(2)).toBe(codec.fingerprint);
    expect(codec.decode(bytes)).toEqual(samplePost);
  });

  it('writes post.v2 and reads every known version', () => {
    expect(KNOWN_POST_SCHEMA_FILES).toEqual(['post.v1.avsc', 'post.v2.avsc']);
    expect(codec.fingerprint).toBe(new SingleObjectCodec<Post>(v2, []).fingerprint);
    expect(codec.decode(codec.encode(blueskyPost))).toEqual(blueskyPost);
  });

  it('reads data written by post.v1 as a Mastodon post (backward compatible: the default fills network)', () => {
    const writerOfV1 = new SingleObjectCodec<PostV1>(v1, []);
    const bytes = writerOfV1.encode(withoutNetwork(samplePost));
    expect(bytes.readBigUInt64LE(2)).not.toBe(codec.fingerprint);
    expect(codec.decode(bytes)).toEqual({ ...samplePost, network: 'mastodon' });
  });

  it('lets a post.v1 reader read data written by post.v2, ignoring network (forward compatible)', () => {
    const readerOfV1 = new SingleObjectCodec<PostV1>(v1, [v2]);
    expect(readerOfV1.decode(codec.encode(blueskyPost))).toEqual(withoutNetwork(blueskyPost));
  });

  it('keeps a network name it does not know, from a newer writer, rather than refusing or renaming the post', () => {
    // A network added later needs no new schema (network is a string), so it arrives under the v2 fingerprint.
    const newerWriter = new SingleObjectCodec<DecodedPost>(v2, []);
    const decoded = codec.decode(newerWriter.encode({ ...samplePost, network: 'threads' }));
    expect(decoded).toEqual({ ...samplePost, network: 'threads' });
    expect(isNetwork(decoded.network)).toBe(false);
  });

  it.each([
    ['an empty message', Buffer.alloc(0), 'TOO_SHORT'],
    ['a null value (tombstone)', null, 'TOO_SHORT'],
    ['JSON text', Buffer.from('{"uri":"https://x/1","text":"hello"}'), 'BAD_MAGIC'],
    ['an unknown schema', Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0]), 'UNKNOWN_SCHEMA'],
  ] as const)('rejects %s with a typed error', (_name, bytes, code) => {
    expect(() => codec.decode(bytes)).toThrow(DecodeError);
    try {
      codec.decode(bytes);
    } catch (error) {
      expect((error as DecodeError).code).toBe(code);
    }
  });

  it('rejects a truncated body with BAD_BODY', () => {
    const bytes = codec.encode(samplePost);
    const truncated = bytes.subarray(0, bytes.length - 5);
    expect(() => codec.decode(truncated)).toThrow(expect.objectContaining({ code: 'BAD_BODY' }) as Error);
  });
});

describe('isNetwork', () => {
  it('knows the three networks and nothing else', () => {
    expect(['mastodon', 'bluesky', 'x'].every(isNetwork)).toBe(true);
    expect(['threads', 'Mastodon', ''].some(isNetwork)).toBe(false);
  });
});
