export interface WatermarkInputs {
  /** Latest event time seen (max created_at), or null before the first post. */
  maxEventTime: number | null;
  /** Wall time at which maxEventTime last moved forward. */
  lastAdvanceAt: number | null;
  now: number;
  allowedLatenessMs: number;
  idleAfterMs: number;
}

/**
 * The watermark windows end at: the latest event time less the allowed lateness. When no event time has
 * advanced for `idleAfterMs`, the stream is idle and the watermark follows the wall clock forward instead,
 * so an idle dashboard shows windows emptying rather than freezing.
 */
export function watermark({ maxEventTime, lastAdvanceAt, now, allowedLatenessMs, idleAfterMs }: WatermarkInputs): number | null {
  const fromEvents = maxEventTime === null ? null : maxEventTime - allowedLatenessMs;
  const idle = lastAdvanceAt === null || now - lastAdvanceAt >= idleAfterMs;
  if (!idle) return fromEvents;
  const fromClock = now - allowedLatenessMs;
  return fromEvents === null ? fromClock : Math.max(fromEvents, fromClock);
}

/**
 * Whether a post is too late to count: older than its partition's newest post by more than the retention
 * horizon, so its bucket is no longer kept. Judged per partition so the decision depends only on the order of
 * messages within the partition: a replay at any speed makes the same decisions.
 */
export function isLate(createdAt: number, partitionMaxEventTime: number | null, horizonMs: number): boolean {
  return partitionMaxEventTime !== null && createdAt < partitionMaxEventTime - horizonMs;
}
