import { useCallback, useEffect, useState } from 'react';
import { replaceSearch, withParams } from '../address';
import { addCompared, comparedFromSearch, removeCompared } from '../compare';

export interface ComparedWords {
  words: readonly string[];
  add: (word: string) => void;
  remove: (word: string) => void;
}

/** The words on the comparison chart, kept in the address (`?compare=a,b`) like the filters. */
export function useComparedWords(): ComparedWords {
  const [words, setWords] = useState<readonly string[]>(() => comparedFromSearch(window.location.search));
  useEffect(() => {
    replaceSearch(withParams(window.location.search, { compare: words.join(',') }));
  }, [words]);
  const add = useCallback((word: string) => setWords((previous) => addCompared(previous, word)), []);
  const remove = useCallback((word: string) => setWords((previous) => removeCompared(previous, word)), []);
  return { words, add, remove };
}
