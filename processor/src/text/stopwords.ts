import { createRequire } from 'node:module';

// stopwords-iso ships plain JSON (58 languages); createRequire loads it without import attributes,
// which Node 20 and 24 spell differently.
const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

const cache = new Map<string, ReadonlySet<string>>();
const EMPTY: ReadonlySet<string> = new Set();

/**
 * Stopwords for a post: its language's list, plus English for posts with no language or a language without
 * a list, since most untagged posts on the fediverse are English.
 */
export function stopwordsFor(language: string | null): ReadonlySet<string> {
  const key = language && lists[language] ? language : 'en';
  let set = cache.get(key);
  if (!set) {
    set = new Set((lists[key] ?? []).map((word) => word.normalize('NFKC').toLowerCase()));
    cache.set(key, set);
  }
  return set ?? EMPTY;
}
