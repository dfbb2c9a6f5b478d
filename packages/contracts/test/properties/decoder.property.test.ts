import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/codec-errors.js';
import { createPostsTopicCodec } from '../../src/posts-topic-codec.js';
import type { PostsTopicRecord } from '../../src/status-events.js';
import { loadAvroType } from '../support/avro-files.js';
import { samplePost } from '../support/sample-post.js';
import { PROPERTY_RUNS } from './runs.js';

// Whatever bytes reach the `posts` topic, decoding either gives a record or throws DecodeError (which the
// processor records as a dead letter and moves past): never another error that would stop a partition.
const codec = createPostsTopicCodec(loadAvroType);

const valid: PostsTopicRecord = { kind: 'post', post: samplePost };
const validBytes = codec.encode(valid);
const header = validBytes.subarray(0, 10);

function decodesOrRefuses(bytes: Buffer | null): void {
  try {
    const record = codec.decode(bytes);
    expect(['post', 'deleted', 'updated']).toContain(record.kind);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw new Error(`not a DecodeError: ${String(error)}`, { cause: error });
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe('the posts-topic decoder on bad input', () => {
  it('refuses arbitrary bytes with a DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses every truncation and every corruption of a valid message', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: validBytes.length }),
        fc.array(fc.tuple(fc.nat({ max: validBytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (cut, flips) => {
          const bytes = Buffer.from(validBytes.subarray(0, cut));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          decodesOrRefuses(bytes);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses a known fingerprint followed by a body of another schema, and an unknown fingerprint', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ maxLength: 200 }), (known, fingerprint, body) => {
        const head = known ? header : Buffer.concat([Buffer.from([0xc3, 0x01]), Buffer.from(fingerprint)]);
        decodesOrRefuses(Buffer.concat([head, Buffer.from(body)]));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses a null value, and a huge one', () => {
    decodesOrRefuses(null);
    // A varint length that claims gigabytes, then a 16 MB tail.
    decodesOrRefuses(Buffer.concat([header, Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f]), Buffer.alloc(16 * 1024 * 1024, 0x41)]));
  });
});
