import { describe, expect, it } from 'vitest';
import { formatAge, formatScore } from './format';

describe('formatting', () => {
  it('writes ages the way people read them, including a replay running ahead of the clock', () => {
    expect(formatAge(4.4)).toBe('4 s');
    expect(formatAge(185)).toBe('3 min 5 s');
    expect(formatAge(7_800)).toBe('2 h 10 min');
    expect(formatAge(3 * 86_400 + 5)).toBe('3 d');
    expect(formatAge(-120)).toBe('2 min ahead');
  });

  it('keeps small scores precise and shortens huge ones', () => {
    expect(formatScore(9.46)).toMatch(/^9[.,]5$/u);
    expect(formatScore(1041)).toMatch(/^1[,.\s]?041$/u);
    expect(formatScore(30_123)).toMatch(/^30[.,]1\s?K$/u);
  });
});
