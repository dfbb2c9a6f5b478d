import type { Post } from '@trendstream/contracts/post';
import { postsTopicKey, type PostsTopicRecord } from '@trendstream/contracts/status-events';
import { tokenize } from '@trendstream/contracts/tokenizer';
import { postCodec, postsTopicCodec } from '@trendstream/runtime/codecs';
import { bucketStart } from '../../src/windows/buckets.js';

export function encodePosts(posts: readonly Post[]): Array<{ key: string; value: Buffer }> {
  const codec = postCodec();
  return posts.map((post) => ({ key: post.uri, value: codec.encode(post) }));
}

const VOCABULARY = ['kafka', 'stream', 'mastodon', 'coffee', 'weather', 'football', 'music', 'election', 'garden', 'typescript', 'tokyo', 'berlin'];

/** Posts with duplicates from a second instance and boosts, in created_at order. */
export function generatePosts(count: number, start: number, spacingMs = 100): Post[] {
  const posts: Post[] = [];
  for (let i = 0; i < count; i++) {
    const words = [VOCABULARY[i % VOCABULARY.length], VOCABULARY[(i * 7 + 3) % VOCABULARY.length], VOCABULARY[(i * i) % VOCABULARY.length]];
    const duplicate = i % 10 === 9;
    const id = duplicate ? i - 1 : i;
    posts.push({
      uri: `https://origin.example/users/u${id % 17}/statuses/${id}`,
      statusId: String(i),
      instance: duplicate ? 'second.example' : 'origin.example',
      source: 'replay',
      url: null,
      createdAt: start + i * spacingMs,
      receivedAt: Date.now(),
      language: i % 4 === 0 ? 'de' : 'en',
      text: `${words.join(' ')} and more #Trend${i % 3}`,
      spoilerText: '',
      hashtags: [`trend${i % 3}`],
      isBoost: i % 13 === 0,
      boostOfUri: null,
      sensitive: false,
      account: { acct: `u${i % 17}`, bot: false, discoverable: true, indexable: true, noindexInBio: false },
      network: 'mastodon',
    });
  }
  return posts;
}

export function encodeRecords(records: readonly PostsTopicRecord[]): Array<{ key: string; value: Buffer }> {
  const codec = postsTopicCodec();
  return records.map((record) => ({ key: postsTopicKey(record), value: codec.encode(record) }));
}

const wordsOf = (post: Post) =>
  tokenize({ text: post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text, language: post.language, hashtags: post.hashtags });

/**
 * The documented semantics of posts, edits and deletes, replayed one record at a time in topic order, with
 * none of the processor's code: a post counts once unless its deletion came first; an edit replaces the words
 * (and language) of a counted post in its original bucket, or counts as the post when its original never came
 * (an edit that calls itself a boost replaces nothing);
 * a delete takes the words of a counted post back. Nothing here is late (every record is within the horizon).
 */
export function recountRecords(records: readonly PostsTopicRecord[], bucketMs: number): Map<string, number> {
  const state = new Map<string, { kind: 'counted' | 'boost' | 'deleted'; bucket: number; lang: string; words: string[] }>();
  for (const record of records) {
    const uri = postsTopicKey(record);
    const known = state.get(uri);
    if (record.kind === 'deleted') {
      state.set(uri, { ...(known ?? { bucket: 0, lang: '', words: [] }), kind: 'deleted' });
      continue;
    }
    const post = record.post;
    if (known === undefined) {
      state.set(uri, {
        kind: post.isBoost ? 'boost' : 'counted',
        bucket: bucketStart(post.createdAt, bucketMs),
        lang: post.language ?? '',
        words: post.isBoost ? [] : wordsOf(post),
      });
    } else if (record.kind === 'updated' && known.kind === 'counted' && !post.isBoost) {
      state.set(uri, { ...known, lang: post.language ?? '', words: wordsOf(post) });
    }
  }
  const counts = new Map<string, number>();
  for (const entry of state.values()) {
    if (entry.kind !== 'counted') continue;
    for (const word of entry.words) {
      const key = `${entry.bucket}|${entry.lang}|${word}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** A straightforward recount, independent of batching, offsets and transactions: the expected MySQL state. */
export function recount(posts: readonly Post[], bucketMs: number): Map<string, number> {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const post of posts) {
    if (seen.has(post.uri)) continue;
    seen.add(post.uri);
    if (post.isBoost) continue;
    const text = post.spoilerText ? `${post.spoilerText}\n${post.text}` : post.text;
    for (const word of tokenize({ text, language: post.language, hashtags: post.hashtags })) {
      const key = `${bucketStart(post.createdAt, bucketMs)}|${post.language ?? ''}|${word}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
