import { parseLookup } from './word-lookup';

/** A chart with more lines than this is hard to read, and each line is one request per refresh. */
export const MAX_COMPARED = 5;

/** `?compare=coffee,#rust`: words are never split by a comma (the tokenizer splits on it), so it separates them. */
export function comparedFromSearch(search: string): string[] {
  const value = new URLSearchParams(search).get('compare') ?? '';
  const words: string[] = [];
  for (const part of value.split(',')) {
    const parsed = parseLookup(part);
    if (parsed.ok && !words.includes(parsed.word) && words.length < MAX_COMPARED) words.push(parsed.word);
  }
  return words;
}

export function addCompared(words: readonly string[], word: string): readonly string[] {
  if (words.includes(word) || words.length >= MAX_COMPARED) return words;
  return [...words, word];
}

export function removeCompared(words: readonly string[], word: string): readonly string[] {
  return words.includes(word) ? words.filter((other) => other !== word) : words;
}
