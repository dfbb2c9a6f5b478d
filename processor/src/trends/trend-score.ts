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

/**
 * The same comparison in words people read: how many times its usual rate the word ran (observed over the
 * baseline's rate scaled to the window, without smoothing), and whether its baseline held it at all ("new").
 */
export interface Rise {
  ratio: number;
  isNew: boolean;
}

export function riseOf(observed: number, baselineTotal: number, { windowMs, baselineMs }: ScoreParameters): Rise {
  if (baselineTotal === 0) return { ratio: 0, isNew: true };
  return { ratio: Math.round(((observed * baselineMs) / (baselineTotal * windowMs)) * 10) / 10, isNew: false };
}

export interface ScoreSample {
  score: number;
  /** How long before now the sample's window ended. */
  ageMs: number;
  rise: Rise;
}

export interface HeldScore {
  score: number;
  /** The rise of the sample the score was held from; absent when nothing is rising. */
  rise?: Rise;
}

/** The highest sample after decaying each by its age: a peak held with a half-life. */
export function heldScore(samples: readonly ScoreSample[], halfLifeMs: number): HeldScore {
  let best = 0;
  let rise: Rise | undefined;
  for (const sample of samples) {
    const decayed = sample.score * 0.5 ** (sample.ageMs / halfLifeMs);
    if (decayed > best) {
      best = decayed;
      rise = sample.rise;
    }
  }
  const score = Math.round(best * 100) / 100;
  return score > 0 && rise ? { score, rise } : { score: 0 };
}
