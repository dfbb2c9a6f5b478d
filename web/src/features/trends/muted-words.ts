import type { TrendWord } from '@trendstream/contracts/api-types';

/**
 * Words this browser hides from the lists, kept in localStorage. Storage is injected, as for the admin
 * token, so tests and private modes (where it throws or is missing) behave: the list then lasts for the page.
 */
const KEY = 'trendstream.mutedWords';

export type WordStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface MutedWordsStore {
  get(): readonly string[];
  set(words: readonly string[]): void;
}

export function createMutedWordsStore(storage: WordStorage | null): MutedWordsStore {
  let memory: readonly string[] = [];
  return {
    get() {
      try {
        const stored = storage?.getItem(KEY);
        return stored ? parseWords(stored) : memory;
      } catch {
        return memory;
      }
    },
    set(words) {
      memory = [...words];
      try {
        storage?.setItem(KEY, JSON.stringify(memory));
      } catch {
        // Storage disabled or full: the list lives in memory for this page only.
      }
    },
  };
}

/** Whatever another version of the page (or a person) left there: only strings are kept. */
function parseWords(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((word): word is string => typeof word === 'string' && word !== '') : [];
  } catch {
    return [];
  }
}

export function withoutMuted<T extends Pick<TrendWord, 'word'>>(words: readonly T[], muted: ReadonlySet<string>): readonly T[] {
  if (muted.size === 0) return words;
  return words.filter((entry) => !muted.has(entry.word));
}
