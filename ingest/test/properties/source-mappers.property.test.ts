import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';
import { plcDid, postRecord } from '@trendstream/testkit/jetstream-posts';
import { xTweet } from '@trendstream/testkit/x-posts';
import { parseJetstreamFrame } from '../../src/bluesky/jetstream-event.js';
import { parseXStreamLine } from '../../src/x/x-stream-line.js';

/** Cases per target: the bar of issue 15's bad-input suite (packages/contracts/test/properties/runs.ts). */
const PROPERTY_RUNS = 100_000;

// A frame or a stream line from a server is untrusted: reading one gives an event (an `invalid` one with a reason),
// never an exception, and every post it gives can be encoded for the posts topic.
const context = { instance: 'source.example', receivedAt: Date.UTC(2026, 11, 7) };
const codec = postCodec();

/** Text mixing what breaks offset arithmetic: multi-byte and astral characters, ZWJ sequences, RTL marks. */
const trickyText = fc.string({ unit: fc.constantFrom('a', ' ', '#', '@', 'é', '東', '😀', '👩‍💻', '\u200f', '\u0301', '\n', 'https://x.y/z'), maxLength: 60 });
const offset = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER));
const anyJson = fc.jsonValue({ maxDepth: 3 });

function expectEncodable(post: { uri: string; createdAt: number; text: string }): void {
  expect(Number.isFinite(post.createdAt)).toBe(true);
  expect(() => codec.encode(post as Parameters<typeof codec.encode>[0])).not.toThrow();
}

/** A valid Jetstream post commit whose record fields (or facets' byte ranges) are replaced by arbitrary values. */
const mangledJetstreamFrame = fc
  .record({
    text: trickyText,
    facets: fc.array(
      fc.record({ index: fc.record({ byteStart: offset, byteEnd: offset }), features: fc.constant([{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }]) }),
      {
        maxLength: 4,
      },
    ),
    overrides: fc.dictionary(fc.constantFrom('text', 'createdAt', 'langs', 'facets', 'tags', 'labels'), anyJson, { maxKeys: 3 }),
    operation: fc.constantFrom('create', 'create', 'create', 'update', 'delete', 'odd'),
    timeUs: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2 ** 52 }), weight: 9 }, { arbitrary: fc.constant(-1), weight: 1 }),
    rkey: fc.oneof({ arbitrary: fc.constant('3lbnnmiqqbs2c'), weight: 9 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 }),
  })
  .map(({ text, facets, overrides, operation, timeUs, rkey }) =>
    JSON.stringify({
      did: plcDid(1),
      time_us: timeUs,
      kind: 'commit',
      commit: { rev: '3lbnnmiqqbs2c', operation, collection: 'app.bsky.feed.post', rkey, record: { ...postRecord({ text }), facets, ...overrides } },
    }),
  );

/** A valid filtered-stream line whose post fields (or entity offsets) are replaced by arbitrary values. */
const mangledXLine = fc
  .record({
    text: trickyText,
    spans: fc.array(fc.record({ start: offset, end: offset, tag: fc.string({ maxLength: 10 }) }), { maxLength: 4 }),
    overrides: fc.dictionary(
      fc.constantFrom('id', 'text', 'created_at', 'lang', 'entities', 'referenced_tweets', 'note_tweet', 'possibly_sensitive'),
      anyJson,
      {
        maxKeys: 3,
      },
    ),
    rules: anyJson,
  })
  .map(({ text, spans, overrides, rules }) =>
    JSON.stringify({
      data: { ...xTweet({ text, id: '1800000000000000000' }), entities: { hashtags: spans, urls: spans, mentions: spans }, ...overrides },
      matching_rules: rules,
    }),
  );

/** A source's reader, as the properties see it: what it made of a text, and the post in it, if any. */
interface Reader {
  read(text: string): { kind: string; reason?: string; post?: Post };
  /** How the identity of every post it gives begins. */
  uriPrefix: string;
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  anyJson.map((json) => JSON.stringify(json)),
);

/** The two properties every source's reader must hold: total on any text, and sound on mangled valid input. */
function readerProperties(name: string, reader: Reader, mangled: fc.Arbitrary<string>): void {
  // 100,000 cases take seconds each; on a busy 2-core CI machine more than the suite's default 30 s.
  describe(name, { timeout: 180_000 }, () => {
    it('reads any text, JSON or not, without throwing; what it cannot read is invalid with a reason', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const read = reader.read(text);
          if (read.kind === 'invalid') expect(read.reason?.length).toBeGreaterThan(0);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it('reads valid input with fields of any shape and offsets of any value as a post that encodes, or as invalid', () => {
      let posts = 0;
      fc.assert(
        fc.property(mangled, (text) => {
          const read = reader.read(text);
          if (read.post) {
            posts += 1;
            expect(read.post.uri.startsWith(reader.uriPrefix)).toBe(true);
            expectEncodable(read.post);
          } else if (read.kind === 'invalid') expect(read.reason?.length).toBeGreaterThan(0);
        }),
        { numRuns: PROPERTY_RUNS },
      );
      // Many cases must still be posts, or the property would say nothing about the mapping itself.
      expect(posts).toBeGreaterThan(PROPERTY_RUNS / 10);
    });
  });
}

readerProperties(
  'the Bluesky (Jetstream) frame reader on bad input',
  { read: (text) => parseJetstreamFrame(text, context), uriPrefix: 'at://' },
  mangledJetstreamFrame,
);
readerProperties(
  'the X filtered-stream line reader on bad input',
  { read: (text) => parseXStreamLine(text, context), uriPrefix: 'https://x.com/' },
  mangledXLine,
);
