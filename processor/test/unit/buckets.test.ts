import { describe, expect, it } from 'vitest';
import { bucketStart, windowBuckets } from '../../src/windows/buckets.js';

describe('buckets and windows', () => {
  it('aligns buckets to the epoch', () => {
    expect(bucketStart(12_345, 5_000)).toBe(10_000);
    expect(bucketStart(10_000, 5_000)).toBe(10_000);
  });

  it('ends a window with the bucket holding the watermark and slides by one bucket', () => {
    expect(windowBuckets(62_000, 60_000, 5_000)).toEqual({ from: 5_000, to: 65_000 });
    expect(windowBuckets(67_000, 60_000, 5_000)).toEqual({ from: 10_000, to: 70_000 });
  });
});
