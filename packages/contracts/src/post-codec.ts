import { CURRENT_POST_SCHEMA_FILE, KNOWN_POST_SCHEMA_FILES, type AvroTypeLoader } from './avro-schemas.js';
import type { DecodedPost, Post } from './post.js';
import { SingleObjectCodec } from './single-object-codec.js';

/** Writes a Post of a known network; reads a DecodedPost, whose network may be one a newer writer added. */
export type PostCodec = SingleObjectCodec<Post, DecodedPost>;

/** The codec for the `posts` topic: writes the current schema, reads every schema ever written. */
export function createPostCodec(loadAvroType: AvroTypeLoader): PostCodec {
  return new SingleObjectCodec<Post, DecodedPost>(
    loadAvroType(CURRENT_POST_SCHEMA_FILE),
    KNOWN_POST_SCHEMA_FILES.map((file) => loadAvroType(file)),
  );
}
