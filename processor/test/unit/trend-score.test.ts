import { describe, expect, it } from 'vitest';
import { heldScore, rawTrendScore } from '../../src/trends/trend-score.js';

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

  it('holds a peak with a half-life', () => {
    expect(
      heldScore(
        [
          { score: 0, ageMs: 0 },
          { score: 100, ageMs: 300_000 },
        ],
        300_000,
      ),
    ).toBe(50);
    expect(
      heldScore(
        [
          { score: 80, ageMs: 0 },
          { score: 100, ageMs: 300_000 },
        ],
        300_000,
      ),
    ).toBe(80);
  });
});
