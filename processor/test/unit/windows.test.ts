import { describe, expect, it } from 'vitest';
import { bucketStart, windowBuckets } from '../../src/windows/buckets.js';
import { parseDuration } from '../../src/windows/duration.js';
import { isLate, watermark } from '../../src/windows/watermark.js';

describe('buckets and windows', () => {
  it('aligns buckets to the epoch', () => {
    expect(bucketStart(12_345, 5_000)).toBe(10_000);
    expect(bucketStart(10_000, 5_000)).toBe(10_000);
  });

  it('ends a window with the bucket holding the watermark and slides by one bucket', () => {
    expect(windowBuckets(62_000, 60_000, 5_000)).toEqual({ from: 5_000, to: 65_000 });
    expect(windowBuckets(67_000, 60_000, 5_000)).toEqual({ from: 10_000, to: 70_000 });
  });

  it('parses durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('5 minutes')).toBeNull();
    expect(parseDuration('0m')).toBeNull();
  });
});

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
