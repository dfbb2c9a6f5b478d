/**
 * How unusual a word's count is now against its own recent baseline, after Mastodon's trending tags
 * (app/models/trends/tags.rb in mastodon/mastodon): expected vs observed with a chi-square-like score,
 * a minimum-count floor, and a peak held with a half-life so a burst does not vanish the moment it slows.
 * See docs/windows-and-trends.md for the reasoning.
 */
export interface ScoreParameters {
  windowMs: number;
  baselineMs: number;
  /** Below this many posts in the window a word scores 0: tiny counts are noise. */
  minCount: number;
}

export function rawTrendScore(observed: number, baselineTotal: number, { windowMs, baselineMs, minCount }: ScoreParameters): number {
  // Add-one smoothing: a word never seen before has a small, finite expectation instead of zero.
  const expected = ((baselineTotal + 1) * windowMs) / baselineMs;
  if (observed < minCount || observed <= expected) return 0;
  return (observed - expected) ** 2 / expected;
}

export interface ScoreSample {
  score: number;
  /** How long before now the sample's window ended. */
  ageMs: number;
}

/** The highest sample after decaying each by its age: a peak held with a half-life. */
export function heldScore(samples: readonly ScoreSample[], halfLifeMs: number): number {
  let best = 0;
  for (const { score, ageMs } of samples) best = Math.max(best, score * 0.5 ** (ageMs / halfLifeMs));
  return Math.round(best * 100) / 100;
}
