import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../src/codec-errors.js';
import { createPostCodec } from '../src/post-codec.js';
import type { Post } from '../src/post.js';
import { SingleObjectCodec } from '../src/single-object-codec.js';
import { loadAvroType } from './support/avro-files.js';

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
};

const nextVersion = avro.Type.forSchema(JSON.parse(readFileSync(new URL('./fixtures/post.v2.avsc', import.meta.url), 'utf8')) as avro.Schema);

describe('post codec', () => {
  const codec = createPostCodec(loadAvroType);

  it('round-trips a post with the single-object header', () => {
    const bytes = codec.encode(samplePost);
    expect([...bytes.subarray(0, 2)]).toEqual([0xc3, 0x01]);
    expect(bytes.readBigUInt64LE(2)).toBe(codec.fingerprint);
    expect(codec.decode(bytes)).toEqual(samplePost);
  });

  it('reads data written by the next schema version (forward compatible)', () => {
    const writerOfNext = new SingleObjectCodec<Post & { pollOptions: string[] }>(nextVersion, [nextVersion]);
    const readerOfCurrent = new SingleObjectCodec<Post>(loadAvroType('post.v1.avsc'), [nextVersion]);
    const decoded = readerOfCurrent.decode(writerOfNext.encode({ ...samplePost, pollOptions: ['a', 'b'] }));
    expect(decoded).toEqual(samplePost);
  });

  it('lets the next schema version read current data (backward compatible)', () => {
    const readerOfNext = new SingleObjectCodec<Post & { pollOptions: string[] }>(nextVersion, [loadAvroType('post.v1.avsc')]);
    expect(readerOfNext.decode(codec.encode(samplePost))).toEqual({ ...samplePost, pollOptions: [] });
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
