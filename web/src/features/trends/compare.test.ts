import { describe, expect, it } from 'vitest';
import { withParams } from './address';
import { MAX_COMPARED, addCompared, comparedFromSearch, removeCompared } from './compare';

describe('compared words', () => {
  it('reads the address, normalizing, dropping duplicates and invalid entries, and capping the list', () => {
    expect(comparedFromSearch('?compare=Coffee,%23Rust,,coffee,two%20words')).toEqual(['coffee', '#rust']);
    expect(comparedFromSearch('?compare=a1,b1,c1,d1,e1,f1')).toHaveLength(MAX_COMPARED);
    expect(comparedFromSearch('')).toEqual([]);
  });

  it('writes commas as commas and reads back what it wrote', () => {
    const search = withParams('?window=1h', { compare: ['coffee', '#rust', 'café'].join(',') });
    expect(search).toBe('?window=1h&compare=coffee,%23rust,caf%C3%A9');
    expect(comparedFromSearch(search)).toEqual(['coffee', '#rust', 'café']);
    expect(withParams(search, { compare: undefined })).toBe('?window=1h');
  });

  it('adds up to the limit, once each, and removes', () => {
    let words: readonly string[] = [];
    for (const word of ['a1', 'b1', 'a1', 'c1', 'd1', 'e1', 'f1']) words = addCompared(words, word);
    expect(words).toEqual(['a1', 'b1', 'c1', 'd1', 'e1']);
    expect(removeCompared(words, 'b1')).toEqual(['a1', 'c1', 'd1', 'e1']);
    const same = removeCompared(words, 'zz');
    expect(same).toBe(words);
  });
});
