import type { TrendWord } from '@trendstream/contracts/api-types';
import type { HeldScore } from '../trends/trend-score.js';
import { RankedCounts } from './ranked-counts.js';

/** Answers kept per view, one per (sort, limit) asked; more than this and the oldest are forgotten. */
const MAX_ANSWERS = 8;

/**
 * One window seen through one filter (a scope, and one language or all): its ranked totals, a version that changes
 * whenever its answers may have, and what was computed since the last change, so that asking again is free.
 */
export class WindowView {
  readonly ranked: RankedCounts;
  /** Changes (on the index's change clock) when anything in the window or its score baselines changed, or it moved. */
  version: number;
  private movedAt: number;
  private readonly answers = new Map<string, { version: number; words: readonly TrendWord[] }>();
  /** Held scores of words, each valid while neither the window nor that word's counts changed since `at`. */
  private readonly scores = new Map<number, { at: number; held: HeldScore }>();

  constructor(
    readonly lang: number,
    keyOf: (id: number) => string,
    now: number,
    rankCapacity: number,
  ) {
    this.ranked = new RankedCounts(keyOf, rankCapacity);
    this.version = now;
    this.movedAt = now;
  }

  changed(now: number): void {
    this.version = now;
  }

  moved(now: number): void {
    this.version = now;
    this.movedAt = now;
    this.scores.clear();
  }

  answer(key: string): readonly TrendWord[] | undefined {
    const cached = this.answers.get(key);
    return cached?.version === this.version ? cached.words : undefined;
  }

  remember(key: string, words: readonly TrendWord[]): void {
    if (this.answers.size >= MAX_ANSWERS && !this.answers.has(key)) this.answers.delete(this.answers.keys().next().value ?? key);
    this.answers.set(key, { version: this.version, words });
  }

  /** The word's held score if computed after both the window's last move and the word's last change. */
  score(word: number, wordChangedAt: number): HeldScore | undefined {
    const cached = this.scores.get(word);
    return cached && cached.at >= wordChangedAt && cached.at >= this.movedAt ? cached.held : undefined;
  }

  rememberScore(word: number, held: HeldScore, now: number, candidates: number): void {
    // Scores of words that left the candidates are never asked again: forget them all once they pile up.
    if (this.scores.size >= 4 * Math.max(candidates, 64)) this.scores.clear();
    this.scores.set(word, { at: now, held });
  }
}
