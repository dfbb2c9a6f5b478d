import { describe, expect, it } from 'vitest';
import { heldScore, rawTrendScore, riseOf } from '../../src/trends/trend-score.js';

const params = { windowMs: 300_000, baselineMs: 1_800_000, minCount: 3 };

describe('trend score', () => {
  it('ranks a word that appears from nowhere above one that is always common', () => {
    const fresh = rawTrendScore(30, 0, params);
    const steady = rawTrendScore(300, 1_800, params);
    expect(fresh).toBeGreaterThan(steady);
  });

  it('is zero below the minimum count or at or below the expected count', () => {
    expect(rawTrendScore(2, 0, params)).toBe(0);
    expect(rawTrendScore(50, 300, params)).toBe(0);
  });

  it('holds a peak with a half-life, with the rise of the sample it was held from', () => {
    const steady = { ratio: 1, isNew: false };
    const burst = { ratio: 8, isNew: false };
    expect(
      heldScore(
        [
          { score: 0, ageMs: 0, rise: steady },
          { score: 100, ageMs: 300_000, rise: burst },
        ],
        300_000,
      ),
    ).toEqual({ score: 50, rise: burst });
    expect(
      heldScore(
        [
          { score: 80, ageMs: 0, rise: burst },
          { score: 100, ageMs: 300_000, rise: steady },
        ],
        300_000,
      ),
    ).toEqual({ score: 80, rise: burst });
  });

  it('has no rise when nothing scores', () => {
    expect(heldScore([{ score: 0, ageMs: 0, rise: { ratio: 0.5, isNew: false } }], 300_000)).toEqual({ score: 0 });
  });

  it('says how many times its usual rate a word ran, or that it is new', () => {
    // 1,800 in 30 minutes is 300 per 5 minutes; 2,400 in the window is 8 times that.
    expect(riseOf(2_400, 1_800, params)).toEqual({ ratio: 8, isNew: false });
    expect(riseOf(30, 0, params)).toEqual({ ratio: 0, isNew: true });
    expect(riseOf(100, 900, params).ratio).toBeCloseTo(0.7, 5);
  });
});
