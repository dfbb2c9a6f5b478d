import { describe, expect, it } from 'vitest';
import { rankRising } from './use-rising-words';

describe('rising words', () => {
  it('ranks by score, drops words at or below their baseline, and caps the list', () => {
    const words = [
      { word: 'the', count: 900, score: 0 },
      { word: 'eclipse', count: 40, score: 12.5 },
      { word: 'cat', count: 80, score: 1.2 },
      { word: 'storm', count: 35, score: 12.5 },
      { word: 'monday', count: 10, score: -1 },
    ];
    expect(rankRising(words, 2).map((entry) => entry.word)).toEqual(['eclipse', 'storm']);
    expect(rankRising(words, 10).map((entry) => entry.word)).toEqual(['eclipse', 'storm', 'cat']);
  });
});
