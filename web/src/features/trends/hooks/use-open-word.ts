import { useCallback, useEffect, useState } from 'react';
import { replaceSearch, withParams } from '../address';
import { parseLookup } from '../word-lookup';

/** `?word=coffee`: the word whose series is open, so a shared link opens it too. */
export function openWordFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get('word');
  if (!value) return null;
  const parsed = parseLookup(value);
  return parsed.ok ? parsed.word : null;
}

/** The word whose series dialog is open (null when none), kept in the address like the filters. */
export function useOpenWord(): [string | null, (word: string) => void, () => void] {
  const [word, setWord] = useState(() => openWordFromSearch(window.location.search));
  useEffect(() => {
    replaceSearch(withParams(window.location.search, { word: word ?? undefined }));
  }, [word]);
  const open = useCallback((next: string) => setWord(next), []);
  const close = useCallback(() => setWord(null), []);
  return [word, open, close];
}
