import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Post } from '@trendstream/contracts/post';
import { parseStatus } from '@trendstream/contracts/status-to-post';
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

/**
 * Posts mixed with edits and deletes in every order the sources can produce: deletes and edits in the same
 * batch as their post and in later ones, a delete that overtakes its post, an edit whose original never came,
 * posts recovered long after newer ones (a gap fill). Every record of a post shares its key, so its partition.
 */
export function mixedRecords(posts: readonly Post[]): PostsTopicRecord[] {
  const records: PostsTopicRecord[] = [];
  const later: PostsTopicRecord[] = [];
  posts.forEach((post, i) => {
    const deletion: PostsTopicRecord = {
      kind: 'deleted',
      uri: post.uri,
      statusId: post.statusId,
      instance: post.instance,
      receivedAt: Date.now(),
      network: post.network,
    };
    const edited: PostsTopicRecord = {
      kind: 'updated',
      post: { ...post, isBoost: false, text: `${post.text} edited${i % 3} zeppelin`, language: i % 2 === 0 ? 'fr' : post.language },
      editedAt: post.createdAt + 60_000,
    };
    if (i % 29 === 5) records.push(deletion); // the delete overtakes its post: the post must never count
    if (i % 31 === 7) {
      records.push(edited); // only the edit arrives: it is the post
      return;
    }
    records.push({ kind: 'post', post });
    if (i % 11 === 3) records.push(deletion);
    if (i % 13 === 4) records.push(edited);
    if (i % 17 === 6) later.push(edited, deletion);
    if (i % 19 === 8) later.push(edited, { ...edited, post: { ...edited.post, text: 'second edit garden' } });
  });
  return [...records, ...later];
}

/** The posts of a gzip-compressed JSON Lines file of Mastodon statuses (the sample's format), as a replay reads them. */
export async function readStatusFile(file: string): Promise<Post[]> {
  const posts: Post[] = [];
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseStatus(JSON.parse(line), { instance: 'replay', source: 'replay', receivedAt: 0 });
    if (parsed.ok) posts.push(parsed.post);
  }
  return posts;
}
