import { describe, expect, it } from 'vitest';
import { planTrends, retentionMs } from '../../src/trends/trend-plan.js';
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
    expect(heldScore([{ score: 0, ageMs: 0 }, { score: 100, ageMs: 300_000 }], 300_000)).toBe(50);
    expect(heldScore([{ score: 80, ageMs: 0 }, { score: 100, ageMs: 300_000 }], 300_000)).toBe(80);
  });
});

describe('trend plan', () => {
  it('compares each window with the baseline right before it', () => {
    const plan = planTrends(1_000_000, 300_000, 5_000, 3);
    expect(plan.window).toEqual({ from: 705_000, to: 1_005_000 });
    const [now] = plan.samples;
    expect(now?.baseline.to).toBe(now?.window.from);
    expect(plan.samples.map((sample) => sample.ageMs)).toEqual([0, 150_000, 300_000]);
  });

  it('keeps enough history for the largest window', () => {
    expect(retentionMs([60_000, 3_600_000], 5_000)).toBeGreaterThanOrEqual(3_600_000 * 7);
  });
});
