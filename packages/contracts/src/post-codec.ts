import { CURRENT_POST_SCHEMA_FILE, KNOWN_POST_SCHEMA_FILES, type AvroTypeLoader } from './avro-schemas.js';
import type { Post } from './post.js';
import { SingleObjectCodec } from './single-object-codec.js';

/** The codec for the `posts` topic: writes the current schema, reads every schema ever written. */
export function createPostCodec(loadAvroType: AvroTypeLoader): SingleObjectCodec<Post> {
  return new SingleObjectCodec<Post>(
    loadAvroType(CURRENT_POST_SCHEMA_FILE),
    KNOWN_POST_SCHEMA_FILES.map((file) => loadAvroType(file)),
  );
}
