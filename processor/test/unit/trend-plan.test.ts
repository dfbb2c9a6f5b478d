import { describe, expect, it } from 'vitest';
import { planTrends, retentionMs } from '../../src/trends/trend-plan.js';

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
