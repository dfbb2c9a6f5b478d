import { describe, expect, it } from 'vitest';
import { RISE_EXPLANATION, formatRatio, riseLabel } from './rise';

describe('readable trend scores', () => {
  it('keeps one decimal below ten, whole numbers above, and caps at a thousand', () => {
    expect(formatRatio(1.5)).toMatch(/^1[.,]5×$/u);
    expect(formatRatio(8)).toBe('8×');
    expect(formatRatio(8.04)).toBe('8×');
    expect(formatRatio(119.6)).toBe('120×');
    expect(formatRatio(999.4)).toBe('999×');
    expect(formatRatio(1_000)).toMatch(/^>1[,.\s]?000×$/u);
    expect(formatRatio(419_000)).toMatch(/^>1[,.\s]?000×$/u);
  });

  it('says "new" for a word absent from its baseline, whatever the ratio', () => {
    expect(riseLabel({ score: 900, ratio: 0, isNew: true })).toMatchObject({ text: 'new', spoken: 'new word' });
  });

  it('reads the ratio as times the usual rate, and keeps the raw score in the tooltip', () => {
    const label = riseLabel({ score: 419_000_000, ratio: 8, isNew: false });
    expect(label.text).toBe('8× usual rate');
    expect(label.spoken).toBe('8 times its usual rate');
    expect(label.title.startsWith(RISE_EXPLANATION)).toBe(true);
    expect(label.title).toMatch(/Trend score 419\s?M\.$/u);
  });

  it('falls back to the score when the server sends no ratio', () => {
    expect(riseLabel({ score: 12.5 }).text).toMatch(/^▲ 13$/u);
  });
});
