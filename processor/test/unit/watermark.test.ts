import { describe, expect, it } from 'vitest';
import { isLate, watermark } from '../../src/windows/watermark.js';

describe('watermark', () => {
  const base = { allowedLatenessMs: 10_000, idleAfterMs: 15_000 };

  it('is the latest event time less the allowed lateness while events flow', () => {
    expect(watermark({ ...base, maxEventTime: 100_000, lastAdvanceAt: 500_000, now: 505_000 })).toBe(90_000);
  });

  it('follows the wall clock forward when the stream is idle', () => {
    expect(watermark({ ...base, maxEventTime: 100_000, lastAdvanceAt: 500_000, now: 520_000 })).toBe(510_000);
  });

  it('never moves backwards to the clock when events are ahead of it', () => {
    expect(watermark({ ...base, maxEventTime: 900_000, lastAdvanceAt: 500_000, now: 520_000 })).toBe(890_000);
  });

  it('judges lateness against the partition’s own latest event', () => {
    expect(isLate(89_999, 100_000, 10_000)).toBe(true);
    expect(isLate(90_000, 100_000, 10_000)).toBe(false);
    expect(isLate(1, null, 10_000)).toBe(false);
  });
});
