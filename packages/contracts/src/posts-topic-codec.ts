import type avro from 'avsc';
import { CURRENT_POST_SCHEMA_FILE, KNOWN_POST_SCHEMA_FILES, type AvroTypeLoader } from './avro-schemas.js';
import type { DecodedPost, Post } from './post.js';
import { SingleObjectCodec, schemaFingerprint } from './single-object-codec.js';
import type { DecodedPostsTopicRecord, PostsTopicRecord, StatusDeleted, StatusUpdated } from './status-events.js';

export const CURRENT_STATUS_DELETED_SCHEMA_FILE = 'status-deleted.v2.avsc';
export const KNOWN_STATUS_DELETED_SCHEMA_FILES: readonly string[] = ['status-deleted.v1.avsc', 'status-deleted.v2.avsc'];
export const CURRENT_STATUS_UPDATED_SCHEMA_FILE = 'status-updated.v2.avsc';
export const KNOWN_STATUS_UPDATED_SCHEMA_FILES: readonly string[] = ['status-updated.v1.avsc', 'status-updated.v2.avsc'];

/** Single-object header: C3 01 + 8-byte fingerprint. */
const HEADER_LENGTH = 10;

export interface PostsTopicCodec {
  encode(record: PostsTopicRecord): Buffer;
  /**
   * Throws DecodeError (from codec-errors.ts, never anything else) for bytes that are not a known record. A
   * network name this reader does not know is no error: the record keeps it (DecodedPostsTopicRecord).
   */
  decode(message: Buffer | null): DecodedPostsTopicRecord;
}

interface KindCodec<T, TDecoded> {
  codec: SingleObjectCodec<T, TDecoded>;
  fingerprints: ReadonlySet<bigint>;
}

function kindCodec<T, TDecoded>(loadAvroType: AvroTypeLoader, currentFile: string, knownFiles: readonly string[]): KindCodec<T, TDecoded> {
  const writers: avro.Type[] = knownFiles.map((file) => loadAvroType(file));
  return {
    codec: new SingleObjectCodec<T, TDecoded>(loadAvroType(currentFile), writers),
    fingerprints: new Set(writers.map((type) => schemaFingerprint(type))),
  };
}

/**
 * The codec for everything on the `posts` topic: posts, deletes and edits, each its own Avro record type.
 * `decode` picks the record type by the fingerprint in the header, so one consumer reads the whole topic;
 * a post is encoded byte for byte as createPostCodec() encodes it, so a post-only reader keeps working.
 */
export function createPostsTopicCodec(loadAvroType: AvroTypeLoader): PostsTopicCodec {
  const posts = kindCodec<Post, DecodedPost>(loadAvroType, CURRENT_POST_SCHEMA_FILE, KNOWN_POST_SCHEMA_FILES);
  const deletes = kindCodec<StatusDeleted, StatusDeleted<string>>(loadAvroType, CURRENT_STATUS_DELETED_SCHEMA_FILE, KNOWN_STATUS_DELETED_SCHEMA_FILES);
  const updates = kindCodec<StatusUpdated, StatusUpdated<string>>(loadAvroType, CURRENT_STATUS_UPDATED_SCHEMA_FILE, KNOWN_STATUS_UPDATED_SCHEMA_FILES);

  return {
    encode(record) {
      switch (record.kind) {
        case 'post':
          return posts.codec.encode(record.post);
        case 'deleted':
          return deletes.codec.encode({
            uri: record.uri,
            statusId: record.statusId,
            instance: record.instance,
            receivedAt: record.receivedAt,
            network: record.network,
          });
        case 'updated':
          return updates.codec.encode({ post: record.post, editedAt: record.editedAt });
      }
    },
    decode(message) {
      // Too short, bad magic and unknown fingerprints are reported by the post codec with its usual codes.
      const fingerprint = message && message.length >= HEADER_LENGTH ? message.readBigUInt64LE(2) : undefined;
      if (fingerprint !== undefined && deletes.fingerprints.has(fingerprint)) {
        return { kind: 'deleted', ...deletes.codec.decode(message) };
      }
      if (fingerprint !== undefined && updates.fingerprints.has(fingerprint)) {
        return { kind: 'updated', ...updates.codec.decode(message) };
      }
      return { kind: 'post', post: posts.codec.decode(message) };
    },
  };
}
