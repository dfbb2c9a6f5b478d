import { describe, expect, it } from 'vitest';
import { CountDeltas } from '../../src/counting/count-deltas.js';
import { memoryKindCode, memoryKindOf, type MemoryKind } from '../../src/counting/post-memory.js';

describe('CountDeltas', () => {
  it('sums signed changes per key and leaves out the ones that cancel', () => {
    const deltas = new CountDeltas();
    deltas.add('', 5_000, 'en', ['kafka', 'stream'], 1);
    deltas.add('', 5_000, 'en', ['kafka', 'flink'], 1);
    deltas.add('', 5_000, 'en', ['stream'], -1);
    deltas.add('tag', 0, 'de', ['kafka'], -1);
    expect(deltas.wordRows()).toEqual([
      { scope: '', bucketStart: 5_000, lang: 'en', word: 'flink', count: 1 },
      { scope: '', bucketStart: 5_000, lang: 'en', word: 'kafka', count: 2 },
      { scope: 'tag', bucketStart: 0, lang: 'de', word: 'kafka', count: -1 },
    ]);
    expect(deltas.postRows()).toEqual([
      { scope: '', bucketStart: 5_000, lang: 'en', posts: 1 },
      { scope: 'tag', bucketStart: 0, lang: 'de', posts: -1 },
    ]);
  });
});

describe('post memory kinds', () => {
  it('round-trip through their stored codes, and an unknown code is never taken back', () => {
    for (const kind of ['counted', 'boost', 'deleted', 'unremembered'] satisfies MemoryKind[]) expect(memoryKindOf(memoryKindCode(kind))).toBe(kind);
    expect(memoryKindOf(42)).toBe('unremembered');
  });
});
