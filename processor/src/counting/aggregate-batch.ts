import { bucketStart } from '../windows/buckets.js';
import { isLate } from '../windows/watermark.js';
import type { CountablePost, CountRow, PartitionState, PendingMessage, PostCountRow } from './batch-types.js';
import { CountDeltas } from './count-deltas.js';
import { tombstone, type RememberedPost } from './post-memory.js';

export interface AggregateOptions {
  bucketMs: number;
  /**
   * How far behind its partition's newest post a post may be and still count: the retention horizon. A post
   * brought back by a gap fill, a cursor resume or slow federation counts in its own bucket until then.
   */
  horizonMs: number;
  /** Scopes a post is counted in besides '' (all posts): one per followed hashtag it carries. */
  scopesFor: (hashtags: readonly string[]) => readonly string[];
  now: number;
}

export interface BatchStats {
  counted: number;
  late: number;
  duplicates: number;
  boosts: number;
  /** Deletions that took a post's words back. */
  deleted: number;
  /** Edits that replaced a post's words. */
  edited: number;
  /** Deletions and edits of posts never counted here or outside the horizon: nothing to take back. */
  unmatched: number;
  alreadyApplied: number;
}

export interface BatchResult {
  wordCounts: CountRow[];
  postCounts: PostCountRow[];
  /** Post memory to write: every post seen, deleted or edited in this batch, as it now stands. */
  remembered: RememberedPost[];
  deadLetters: Array<Extract<PendingMessage, { kind: 'dead' }>>;
  states: Map<number, PartitionState>;
  stats: BatchStats;
  /** receivedAt of every counted post, for the end-to-end latency histogram. */
  receivedAt: number[];
}

export const UNKNOWN_LANGUAGE = '';

/**
 * Applies a batch of messages (in offset order per partition) to the stored partition states: skips what is
 * already applied, drops posts outside the retention horizon, dedupes by identity against `memory`, counts
 * each word once per post in its event-time bucket, and takes words back for deletes and edits. Pure: the
 * caller reads the states and the post memory inside the transaction it then writes.
 */
export function aggregateBatch(
  messages: readonly PendingMessage[],
  storedStates: ReadonlyMap<number, PartitionState>,
  memory: ReadonlyMap<string, RememberedPost>,
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
  const changed = new Map<string, RememberedPost>();
  const recall = (uriHash: string) => changed.get(uriHash) ?? memory.get(uriHash);
  const deltas = new CountDeltas();
  const applyWords = (entry: RememberedPost, sign: 1 | -1) => {
    const bucket = bucketStart(entry.eventTime, options.bucketMs);
    for (const scope of entry.scopes) deltas.add(scope, bucket, entry.lang, entry.tokens, sign);
  };
  const stats: BatchStats = { counted: 0, late: 0, duplicates: 0, boosts: 0, deleted: 0, edited: 0, unmatched: 0, alreadyApplied: 0 };
  const deadLetters: BatchResult['deadLetters'] = [];
  const receivedAt: number[] = [];

  const countNew = (post: CountablePost, state: PartitionState) => {
    // A clock running fast (a server's, or a re-timed replay's) must not drag the watermark into the future,
    // where every post of the present would be late: a post from the future counts as written now.
    const eventTime = Math.min(post.createdAt, options.now);
    if (isLate(eventTime, state.maxEventTime, options.horizonMs)) {
      state.latePosts++;
      stats.late++;
      return;
    }
    if (state.maxEventTime === null || eventTime > state.maxEventTime) {
      state.maxEventTime = eventTime;
      state.lastAdvanceAt = options.now;
    }
    if (recall(post.uriHash)) {
      stats.duplicates++;
      return;
    }
    const entry: RememberedPost = {
      uriHash: post.uriHash,
      eventTime,
      kind: post.isBoost ? 'boost' : 'counted',
      lang: post.language ?? UNKNOWN_LANGUAGE,
      scopes: post.isBoost ? [] : ['', ...options.scopesFor(post.hashtags)],
      tokens: post.isBoost ? [] : post.tokens,
    };
    changed.set(post.uriHash, entry);
    if (post.isBoost) {
      stats.boosts++;
      return;
    }
    stats.counted++;
    receivedAt.push(post.receivedAt);
    applyWords(entry, 1);
  };

  /** Whether a remembered post's bucket is still kept: outside the horizon there is nothing left to take back. */
  const withinHorizon = (entry: RememberedPost, state: PartitionState) => !isLate(entry.eventTime, state.maxEventTime, options.horizonMs);

  for (const message of messages) {
    const state = stateOf(message.partition);
    if (message.offset < state.nextOffset) {
      stats.alreadyApplied++;
      continue;
    }
    state.nextOffset = message.offset + 1;
    switch (message.kind) {
      case 'dead':
        deadLetters.push(message);
        break;
      case 'post':
        countNew(message.post, state);
        break;
      case 'edit': {
        const before = recall(message.post.uriHash);
        // Only the edited form reached us (the original was missed or is still on its way): it is the post.
        if (!before) {
          countNew(message.post, state);
          break;
        }
        // A boost cannot be edited: an edit that says it is one has nothing to replace the words with.
        if (before.kind !== 'counted' || message.post.isBoost || !withinHorizon(before, state)) {
          stats.unmatched++;
          break;
        }
        const after: RememberedPost = {
          ...before,
          lang: message.post.language ?? UNKNOWN_LANGUAGE,
          scopes: ['', ...options.scopesFor(message.post.hashtags)],
          tokens: message.post.tokens,
        };
        applyWords(before, -1);
        applyWords(after, 1);
        changed.set(after.uriHash, after);
        stats.edited++;
        break;
      }
      case 'delete': {
        const before = recall(message.uriHash);
        if (!before) {
          // The deletion overtook its post (reordered, or the post is still in a gap fill): it must never count.
          changed.set(message.uriHash, tombstone(message.uriHash, Math.min(message.receivedAt, options.now)));
          stats.unmatched++;
          break;
        }
        if (before.kind === 'deleted' || before.kind === 'unremembered' || !withinHorizon(before, state)) {
          stats.unmatched++;
          break;
        }
        if (before.kind === 'counted') {
          applyWords(before, -1);
          stats.deleted++;
        }
        changed.set(before.uriHash, { ...before, kind: 'deleted', scopes: [], tokens: [] });
        break;
      }
    }
  }
  return {
    wordCounts: deltas.wordRows(),
    postCounts: deltas.postRows(),
    remembered: [...changed.values()].sort((a, b) => (a.uriHash < b.uriHash ? -1 : a.uriHash > b.uriHash ? 1 : 0)),
    deadLetters,
    states,
    stats,
    receivedAt,
  };
}
