import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline';

const points = (counts: number[]) => counts.map((count, index) => ({ t: `2025-01-01T00:00:${String(index * 5).padStart(2, '0')}Z`, count }));

describe('sparkline path', () => {
  it('spreads buckets across the width with the peak at the top and zero at the bottom', () => {
    expect(sparklinePath(points([0, 5, 10]), 100, 20, 0)).toBe('M0.0 20.0 L50.0 10.0 L100.0 0.0');
  });

  it('draws nothing for fewer than two buckets, and a flat line at the bottom for no posts', () => {
    expect(sparklinePath(points([3]))).toBe('');
    expect(sparklinePath(points([0, 0]), 10, 10, 0)).toBe('M0.0 10.0 L10.0 10.0');
  });
});
