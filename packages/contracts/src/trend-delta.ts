import type { TrendWord } from './api-types.js';

/**
 * Deltas between two top-word lists, and applying them: the one algorithm both the server (to emit) and
 * clients (to follow) use, so they cannot disagree. Lists are sorted by count, then word.
 */
export function diffTrendWords(previous: readonly TrendWord[], next: readonly TrendWord[]): TrendWord[] {
  const before = new Map(previous.map((entry) => [entry.word, entry]));
  const changes: TrendWord[] = [];
  for (const entry of next) {
    const old = before.get(entry.word);
    if (!old || old.count !== entry.count || old.score !== entry.score || old.ratio !== entry.ratio || old.isNew !== entry.isNew) changes.push(entry);
    before.delete(entry.word);
  }
  for (const word of before.keys()) changes.push({ word, count: 0, score: 0 });
  return changes;
}

export function applyTrendChanges(current: readonly TrendWord[], changes: readonly TrendWord[]): TrendWord[] {
  const words = new Map(current.map((entry) => [entry.word, entry]));
  for (const change of changes) {
    if (change.count === 0) words.delete(change.word);
    else words.set(change.word, change);
  }
  return sortTrendWords([...words.values()]);
}

export function sortTrendWords(words: TrendWord[]): TrendWord[] {
  return words.sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
}
