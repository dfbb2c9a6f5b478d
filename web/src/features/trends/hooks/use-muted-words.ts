import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MutedWordsStore } from '../muted-words';

export interface MutedWords {
  words: readonly string[];
  set: ReadonlySet<string>;
  mute: (word: string) => void;
  unmute: (word: string) => void;
}

/** The muted words of this browser, written through to the store on every change. */
export function useMutedWords(store: MutedWordsStore): MutedWords {
  const [words, setWords] = useState<readonly string[]>(() => store.get());
  useEffect(() => store.set(words), [store, words]);
  const mute = useCallback((word: string) => setWords((previous) => (previous.includes(word) ? previous : [...previous, word])), []);
  const unmute = useCallback((word: string) => setWords((previous) => previous.filter((other) => other !== word)), []);
  const set = useMemo(() => new Set(words), [words]);
  return { words, set, mute, unmute };
}
