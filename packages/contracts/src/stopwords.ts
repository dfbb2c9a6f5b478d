// stopwords-iso is plain JSON (58 languages); `with { type: 'json' }` is read alike by Node 20.10+, Node 24 and Vite.
import stopwordLists from 'stopwords-iso' with { type: 'json' };
import { STOPWORD_FALLBACK_LANGUAGE } from './text-rules.js';

const lists: Record<string, string[] | undefined> = stopwordLists;

const cache = new Map<string, ReadonlySet<string>>();
const EMPTY: ReadonlySet<string> = new Set();

/**
 * Stopwords for a post: its language's list, plus English for posts with no language or a language without
 * a list, since most untagged posts on the fediverse are English.
 */
export function stopwordsFor(language: string | null): ReadonlySet<string> {
  const key = language && lists[language] ? language : STOPWORD_FALLBACK_LANGUAGE;
  let set = cache.get(key);
  if (!set) {
    set = new Set((lists[key] ?? []).map((word) => word.normalize('NFKC').toLowerCase()));
    cache.set(key, set);
  }
  return set ?? EMPTY;
}
