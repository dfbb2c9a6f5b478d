import { bucketStart } from '../windows/buckets.js';
import { isLate } from '../windows/watermark.js';
import type { CountRow, PartitionState, PendingMessage, PostCountRow } from './batch-types.js';

export interface AggregateOptions {
  bucketMs: number;
  allowedLatenessMs: number;
  /** Scopes a post is counted in besides '' (all posts): one per followed hashtag it carries. */
  scopesFor: (hashtags: readonly string[]) => readonly string[];
  now: number;
}

export interface BatchResult {
  wordCounts: CountRow[];
  postCounts: PostCountRow[];
  newlySeen: Array<{ uriHash: string; createdAt: number }>;
  deadLetters: Array<Extract<PendingMessage, { kind: 'dead' }>>;
  states: Map<number, PartitionState>;
  stats: { counted: number; late: number; duplicates: number; boosts: number; skipped: number; alreadyApplied: number };
  /** receivedAt of every counted post, for the end-to-end latency histogram. */
  receivedAt: number[];
}

export const UNKNOWN_LANGUAGE = '';

/**
 * Applies a batch of messages (in offset order per partition) to the stored partition states: skips what is
 * already applied, drops late posts, dedupes by URI against `seen`, counts each word once per post in its
 * event-time bucket. Pure: the caller reads the states and seen URIs inside the transaction it then writes.
 */
export function aggregateBatch(
  messages: readonly PendingMessage[],
  storedStates: ReadonlyMap<number, PartitionState>,
  seen: ReadonlySet<string>,
  options: AggregateOptions,
): BatchResult {
  const states = new Map<number, PartitionState>();
  const stateOf = (partition: number): PartitionState => {
    let state = states.get(partition);
    if (!state) {
      state = { ...(storedStates.get(partition) ?? { nextOffset: 0, maxEventTime: null, lastAdvanceAt: null, latePosts: 0 }) };
      states.set(partition, state);
    }
    return state;
  };
  const words = new Map<string, CountRow>();
  const posts = new Map<string, PostCountRow>();
  const seenNow = new Set<string>();
  const result: BatchResult = {
    wordCounts: [],
    postCounts: [],
    newlySeen: [],
    deadLetters: [],
    states,
    stats: { counted: 0, late: 0, duplicates: 0, boosts: 0, skipped: 0, alreadyApplied: 0 },
    receivedAt: [],
  };

  for (const message of messages) {
    const state = stateOf(message.partition);
    if (message.offset < state.nextOffset) {
      result.stats.alreadyApplied++;
      continue;
    }
    state.nextOffset = message.offset + 1;
    if (message.kind === 'dead') {
      result.deadLetters.push(message);
      continue;
    }
    if (message.kind === 'skip') {
      result.stats.skipped++;
      continue;
    }
    const { post } = message;
    // A clock running fast (a server's, or a re-timed replay's) must not drag the watermark into the future,
    // where every post of the present would be late: a post from the future counts as written now.
    const eventTime = Math.min(post.createdAt, options.now);
    if (isLate(eventTime, state.maxEventTime, options.allowedLatenessMs)) {
      state.latePosts++;
      result.stats.late++;
      continue;
    }
    if (state.maxEventTime === null || eventTime > state.maxEventTime) {
      state.maxEventTime = eventTime;
      state.lastAdvanceAt = options.now;
    }
    if (seen.has(post.uriHash) || seenNow.has(post.uriHash)) {
      result.stats.duplicates++;
      continue;
    }
    seenNow.add(post.uriHash);
    result.newlySeen.push({ uriHash: post.uriHash, createdAt: eventTime });
    if (post.isBoost) {
      result.stats.boosts++;
      continue;
    }
    result.stats.counted++;
    result.receivedAt.push(post.receivedAt);
    const bucket = bucketStart(eventTime, options.bucketMs);
    const lang = post.language ?? UNKNOWN_LANGUAGE;
    for (const scope of ['', ...options.scopesFor(post.hashtags)]) {
      const postKey = `${scope}\u0000${bucket}\u0000${lang}`;
      const postRow = posts.get(postKey);
      if (postRow) postRow.posts++;
      else posts.set(postKey, { scope, bucketStart: bucket, lang, posts: 1 });
      for (const word of post.tokens) {
        const key = `${postKey}\u0000${word}`;
        const row = words.get(key);
        if (row) row.count++;
        else words.set(key, { scope, bucketStart: bucket, lang, word, count: 1 });
      }
    }
  }
  // One consistent key order for every writer, so concurrent upserts cannot deadlock.
  result.wordCounts = [...words.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  result.postCounts = [...posts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return result;
}
