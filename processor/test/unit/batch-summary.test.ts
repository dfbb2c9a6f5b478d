import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/counting/aggregate-batch.js';
import { summarizeBatch } from '../../src/counting/batch-summary.js';
import type { CountablePost, PendingMessage } from '../../src/counting/batch-types.js';

const post = (offset: number, source: string, instance: string, kind: 'post' | 'edit' = 'post'): PendingMessage => ({
  kind,
  partition: 0,
  offset,
  post: { source, instance } as CountablePost,
});

const result = {
  wordCounts: [{}, {}, {}],
  postCounts: [{}],
  remembered: [{}, {}],
  deadLetters: [{}],
  states: new Map([
    [0, {}],
    [1, {}],
  ]),
} as unknown as BatchResult;

describe('summarizeBatch', () => {
  it('counts posts and edits per origin and names the newest source', () => {
    const messages: PendingMessage[] = [
      post(0, 'stream', 'a.example'),
      post(1, 'rest', 'a.example'),
      { kind: 'delete', partition: 0, offset: 2, uriHash: 'x', receivedAt: 0 },
      post(3, 'stream', 'a.example', 'edit'),
      post(4, 'replay', 'file'),
      { kind: 'dead', partition: 0, offset: 5, code: 'BAD_MAGIC', reason: 'x', key: null, value: null },
    ];
    const summary = summarizeBatch(messages, result);
    expect(summary.perOrigin).toEqual([
      { source: 'stream', instance: 'a.example', posts: 2 },
      { source: 'rest', instance: 'a.example', posts: 1 },
      { source: 'replay', instance: 'file', posts: 1 },
    ]);
    expect(summary.lastSource).toBe('replay');
    // One post count, two remembered posts, one dead letter, two offsets, and the word counts as one change-log row.
    expect(summary.rowsWritten).toBe(7);
  });

  it('has no source for a batch without posts', () => {
    expect(summarizeBatch([{ kind: 'delete', partition: 0, offset: 0, uriHash: 'x', receivedAt: 0 }], result).lastSource).toBeUndefined();
  });
});
