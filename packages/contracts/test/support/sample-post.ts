import type { Post } from '../../src/post.js';

/** A Post as post.v1 (and status-updated.v1) has it: without `network`. */
export type PostV1 = Omit<Post, 'network'>;

/** A valid post of the current schema, for codec tests. */
export const samplePost: Post = {
  uri: 'https://example.social/users/ana/statuses/1',
  statusId: '1',
  instance: 'example.social',
  source: 'stream',
  url: 'https://example.social/@ana/1',
  createdAt: Date.UTC(2026, 10, 25, 12, 0, 0),
  receivedAt: Date.UTC(2026, 10, 25, 12, 0, 1),
  language: 'de',
  text: 'Hallo Fediverse #Kafka',
  spoilerText: '',
  hashtags: ['kafka'],
  isBoost: false,
  boostOfUri: null,
  sensitive: false,
  account: { acct: 'ana', bot: false, discoverable: true, indexable: true, noindexInBio: false },
  network: 'mastodon',
};

/** The post as a v1 writer writes it, or a v1 reader reads it. */
export function withoutNetwork(post: Post): PostV1 {
  const { network: _network, ...v1 } = post;
  return v1;
}
