import type { BatchResult } from './aggregate-batch.js';
import type { PendingMessage } from './batch-types.js';

export interface OriginCount {
  source: string;
  instance: string;
  posts: number;
}

export interface BatchSummary {
  /** Posts read per (source, instance), edits included: what each origin delivered. */
  perOrigin: OriginCount[];
  /** The source of the batch's newest post, for the health endpoint's replay flag. */
  lastSource: string | undefined;
  /**
   * Rows the transaction wrote: post counts, post memory, dead letters, one offset row per partition, and the word-count
   * changes as one change-log row (count-store.ts).
   */
  rowsWritten: number;
}

export function summarizeBatch(messages: readonly PendingMessage[], result: BatchResult): BatchSummary {
  const perOrigin = new Map<string, OriginCount>();
  let lastSource: string | undefined;
  for (const message of messages) {
    if (message.kind !== 'post' && message.kind !== 'edit') continue;
    const { source, instance } = message.post;
    const key = `${source} ${instance}`;
    const entry = perOrigin.get(key) ?? { source, instance, posts: 0 };
    entry.posts += 1;
    perOrigin.set(key, entry);
    lastSource = source;
  }
  return {
    perOrigin: [...perOrigin.values()],
    lastSource,
    rowsWritten: result.postCounts.length + result.remembered.length + result.deadLetters.length + result.states.size + (result.wordCounts.length > 0 ? 1 : 0),
  };
}
