import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENT_POST_SCHEMA_FILE, KNOWN_POST_SCHEMA_FILES } from '@trendstream/contracts/avro-schemas';
import { DecodeError } from '@trendstream/contracts/codec-errors';
import type { Post } from '@trendstream/contracts/post';
import {
  CURRENT_STATUS_DELETED_SCHEMA_FILE,
  CURRENT_STATUS_UPDATED_SCHEMA_FILE,
  KNOWN_STATUS_DELETED_SCHEMA_FILES,
  KNOWN_STATUS_UPDATED_SCHEMA_FILES,
} from '@trendstream/contracts/posts-topic-codec';
import { SingleObjectCodec } from '@trendstream/contracts/single-object-codec';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { loadAvroType } from '@trendstream/runtime/avro-files';
import { postsTopicCodec } from '@trendstream/runtime/codecs';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { runEngineLines, sortKeys } from './support/engine.js';
import { samplePosts } from './support/sample.js';

/**
 * The Spark engine reads the posts topic with Apache Avro's Java library (PostsTopicDecoder); the processor with
 * avsc. Both must read every message the same way: the same record from every schema version ever written, and
 * the same error code (the dead letter's reason) for every message that cannot be read.
 */
const AVRO_DIR = path.join(REPO_ROOT, 'packages', 'contracts', 'avro');

type Outcome = { kind: string; value: unknown } | { error: string };

const sparkDecode = (messages: readonly (Buffer | null)[]) =>
  runEngineLines<Outcome>(
    'dev.trendstream.spark.posts.DecodeLines',
    messages.map((message) => (message ? message.toString('base64') : '')),
  );

const processorCodec = postsTopicCodec();

function processorDecode(message: Buffer | null): Outcome {
  try {
    const decoded = processorCodec.decode(message);
    if (decoded.kind === 'post') return { kind: 'post', value: decoded.post };
    const { kind, ...value } = decoded;
    return { kind, value };
  } catch (error) {
    if (error instanceof DecodeError) return { error: error.code };
    throw error;
  }
}

async function expectSameReading(messages: readonly (Buffer | null)[], compareValues: boolean): Promise<void> {
  const spark = await sparkDecode(messages);
  expect(spark).toHaveLength(messages.length);
  const differences = messages.flatMap((message, i) => {
    const processor = processorDecode(message);
    const sparkOutcome = spark[i]!;
    const same = compareValues
      ? JSON.stringify(sortKeys(processor)) === JSON.stringify(sortKeys(sparkOutcome))
      : ('error' in processor ? processor.error : processor.kind) === ('error' in sparkOutcome ? sparkOutcome.error : sparkOutcome.kind);
    return same ? [] : [{ message: message?.toString('hex'), processor, spark: sparkOutcome }];
  });
  expect(differences.slice(0, 5)).toEqual([]);
}

/** Every record kind, written with every schema version ever used (older versions lack `network`). */
function everyVersion(posts: readonly Post[]): Buffer[] {
  const writer = (file: string) => new SingleObjectCodec<unknown>(loadAvroType(file), []);
  const messages: Buffer[] = [];
  posts.forEach((post, i) => {
    const { network, ...withoutNetwork } = post;
    const deleted = { uri: post.uri, statusId: post.statusId, instance: post.instance, receivedAt: post.receivedAt };
    const updated = { post, editedAt: i % 5 === 0 ? null : post.createdAt + 60_000 };
    const records: PostsTopicRecord[] = [
      { kind: 'post', post },
      { kind: 'deleted', ...deleted, network },
      { kind: 'updated', post, editedAt: updated.editedAt ?? post.createdAt },
    ];
    for (const record of records) messages.push(processorCodec.encode(record));
    messages.push(writer('post.v1.avsc').encode(withoutNetwork));
    messages.push(writer('status-deleted.v1.avsc').encode(deleted));
    messages.push(writer('status-updated.v1.avsc').encode({ ...updated, post: withoutNetwork }));
  });
  return messages;
}

describe('the Spark engine reading the posts topic', () => {
  it('finds the schema versions by the file names the processor lists (<kind>.v<N>.avsc, the highest current)', () => {
    const files = readdirSync(AVRO_DIR).filter((file) => file.endsWith('.avsc'));
    const versionsOf = (prefix: string) =>
      files.filter((file) => file.startsWith(`${prefix}.v`)).sort((a, b) => Number(/\.v(\d+)\./u.exec(a)![1]) - Number(/\.v(\d+)\./u.exec(b)![1]));
    expect(versionsOf('post')).toEqual([...KNOWN_POST_SCHEMA_FILES]);
    expect(versionsOf('status-deleted')).toEqual([...KNOWN_STATUS_DELETED_SCHEMA_FILES]);
    expect(versionsOf('status-updated')).toEqual([...KNOWN_STATUS_UPDATED_SCHEMA_FILES]);
    expect([CURRENT_POST_SCHEMA_FILE, CURRENT_STATUS_DELETED_SCHEMA_FILE, CURRENT_STATUS_UPDATED_SCHEMA_FILE]).toEqual([
      versionsOf('post').at(-1),
      versionsOf('status-deleted').at(-1),
      versionsOf('status-updated').at(-1),
    ]);
  });

  it('reads every record kind of every schema version the same as the processor (the sample, 6 messages per post)', async () => {
    const messages = everyVersion(samplePosts().slice(0, 5_000));
    expect(messages.length).toBe(30_000);
    await expectSameReading(messages, true);
  });

  it("gives the processor's error code for every message it cannot read", async () => {
    const valid = everyVersion(samplePosts().slice(0, 50));
    const header = valid[0]!.subarray(0, 10);
    const damaged = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([header, Buffer.from(bytes)])),
        fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([message, cut]) => message.subarray(0, cut % message.length)),
        fc
          .tuple(fc.constantFrom(...valid), fc.uint8Array({ minLength: 1, maxLength: 4 }))
          .map(([message, extra]) => Buffer.concat([message, Buffer.from(extra)])),
        fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([message, at, xor]) => {
          const copy = Buffer.from(message);
          copy[at % copy.length]! ^= xor;
          return copy;
        }),
      ),
      { numRuns: 20_000, seed: 20261207 },
    );
    await expectSameReading([null, Buffer.alloc(0), ...damaged], false);
  });
});
