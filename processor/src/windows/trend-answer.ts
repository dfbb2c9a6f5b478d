import type { TrendWord } from '@trendstream/contracts/api-types';
import { sortTrendWords } from '@trendstream/contracts/trend-delta';
import type { TrendPlan } from '../trends/trend-plan.js';
import { heldScore, rawTrendScore, riseOf, type HeldScore } from '../trends/trend-score.js';

/** Candidates for a score ranking: the most frequent words, as in `queryTrends` (the SQL, test/support/sql-trends.ts). */
export const SCORE_CANDIDATES = 200;

/** A word's held score from its sums over the plan's sample windows and baselines (`sumOf(from, to)`). */
export function heldScoreOf(sumOf: (from: number, to: number) => number, plan: TrendPlan): HeldScore {
  const samples = plan.samples.map((sample) => {
    const observed = sumOf(sample.window.from, sample.window.to);
    const baselineTotal = sumOf(sample.baseline.from, sample.baseline.to);
    return { score: rawTrendScore(observed, baselineTotal, plan.score), ageMs: sample.ageMs, rise: riseOf(observed, baselineTotal, plan.score) };
  });
  return heldScore(samples, plan.halfLifeMs);
}

export function toTrendWord(word: string, count: number, held: HeldScore): TrendWord {
  return { word, count, score: held.score, ...(held.rise ? held.rise : {}) };
}

/**
 * The candidates (already the SQL's top by count, ties by code point) in the order `queryTrends` returns them.
 * Its final sorts break ties with JS `<` (UTF-16 order), not by code point: kept as is so both answer alike.
 */
export function orderAnswer(words: TrendWord[], limit: number, sort: 'count' | 'score'): TrendWord[] {
  if (sort === 'count') return sortTrendWords(words).slice(0, limit);
  return words.sort((a, b) => b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1)).slice(0, limit);
}
