import { createPostCodec, type PostCodec } from '@trendstream/contracts/post-codec';
import { createPostsTopicCodec, type PostsTopicCodec } from '@trendstream/contracts/posts-topic-codec';
import { loadAvroType } from './avro-files.js';

/** The `posts` topic's codec with the schemas read from the contracts package: posts, deletes and edits. */
export function postsTopicCodec(): PostsTopicCodec {
  return createPostsTopicCodec(loadAvroType);
}

/** The post-only codec (writes the current Post schema, reads every Post schema ever written). */
export function postCodec(): PostCodec {
  return createPostCodec(loadAvroType);
}
