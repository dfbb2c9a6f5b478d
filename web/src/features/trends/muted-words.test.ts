import { describe, expect, it } from 'vitest';
import { createMutedWordsStore, withoutMuted } from './muted-words';

function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('muted words', () => {
  it('keeps the list in storage across stores (a reload)', () => {
    const storage = memoryStorage();
    createMutedWordsStore(storage).set(['monday', '#news']);
    expect(createMutedWordsStore(storage).get()).toEqual(['monday', '#news']);
  });

  it('works without storage, and when storage throws (private mode)', () => {
    const none = createMutedWordsStore(null);
    none.set(['a']);
    expect(none.get()).toEqual(['a']);
    const throwing = createMutedWordsStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    });
    throwing.set(['b']);
    expect(throwing.get()).toEqual(['b']);
  });

  it('ignores a stored value that is not a list of words', () => {
    const storage = memoryStorage();
    storage.items.set('trendstream.mutedWords', '{"x":1}');
    expect(createMutedWordsStore(storage).get()).toEqual([]);
    storage.items.set('trendstream.mutedWords', '["ok", 3, ""]');
    expect(createMutedWordsStore(storage).get()).toEqual(['ok']);
    storage.items.set('trendstream.mutedWords', 'not json');
    expect(createMutedWordsStore(storage).get()).toEqual([]);
  });

  it('hides muted words from a list, and returns the same list when nothing is muted', () => {
    const words = [
      { word: 'a', count: 3, score: 0 },
      { word: 'b', count: 2, score: 0 },
    ];
    expect(withoutMuted(words, new Set(['a']))).toEqual([{ word: 'b', count: 2, score: 0 }]);
    expect(withoutMuted(words, new Set())).toBe(words);
  });
});
