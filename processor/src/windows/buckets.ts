/** Event-time bucket arithmetic. Times are epoch milliseconds; buckets are aligned to the epoch. */
export function bucketStart(time: number, bucketMs: number): number {
  return Math.floor(time / bucketMs) * bucketMs;
}

export interface BucketRange {
  /** First bucket start in the window (inclusive). */
  from: number;
  /** Bucket start after the window (exclusive). */
  to: number;
}

/**
 * A window ends at the watermark and slides by one bucket: it holds the `windowMs / bucketMs` buckets up to
 * and including the one the watermark falls in.
 */
export function windowBuckets(watermark: number, windowMs: number, bucketMs: number): BucketRange {
  const to = bucketStart(watermark, bucketMs) + bucketMs;
  return { from: to - Math.max(bucketMs, Math.ceil(windowMs / bucketMs) * bucketMs), to };
}
