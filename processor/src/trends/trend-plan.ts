import { windowBuckets, type BucketRange } from '../windows/buckets.js';
import type { ScoreParameters } from './trend-score.js';

/** Evaluation points for the held score: now, and this many earlier window ends. */
export const HELD_SAMPLES = 3;

export interface TrendPlan {
  window: BucketRange;
  /** For each evaluation point k (0 = now): the window and the baseline before it. */
  samples: Array<{ window: BucketRange; baseline: BucketRange; ageMs: number }>;
  score: ScoreParameters;
  halfLifeMs: number;
}

/** The baseline a window is compared with: the six windows before it, at least 15 minutes. */
export function baselineMs(windowMs: number): number {
  return Math.max(6 * windowMs, 15 * 60_000);
}

/** Everything a trends query needs, computed from the watermark alone so every instance agrees. */
export function planTrends(watermark: number, windowMs: number, bucketMs: number, minCount: number): TrendPlan {
  const window = windowBuckets(watermark, windowMs, bucketMs);
  const baseline = baselineMs(windowMs);
  const step = Math.max(bucketMs, Math.floor(windowMs / (2 * bucketMs)) * bucketMs);
  const samples = Array.from({ length: HELD_SAMPLES }, (_, k) => {
    const end = window.to - k * step;
    const sampleWindow = { from: end - (window.to - window.from), to: end };
    return { window: sampleWindow, baseline: { from: sampleWindow.from - baseline, to: sampleWindow.from }, ageMs: k * step };
  });
  return { window, samples, score: { windowMs: window.to - window.from, baselineMs: baseline, minCount }, halfLifeMs: windowMs };
}

/** How far back counts must be kept for the largest window's baseline and held samples. */
export function retentionMs(windowsMs: readonly number[], bucketMs: number): number {
  const largest = Math.max(...windowsMs);
  return largest * 2 + baselineMs(largest) + HELD_SAMPLES * bucketMs;
}
