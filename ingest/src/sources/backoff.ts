export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Growth per failed attempt; 2 doubles. */
  factor?: number;
}

/**
 * Capped exponential backoff with "equal jitter": each wait is between half and all of
 * min(max, initial * factor^attempt), so instances that failed together do not retry together, and no wait
 * is ever near zero (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * Pure: randomness is passed in, time is not used at all.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Consecutive failures since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** Counts a failure and returns how long to wait before the next attempt, in milliseconds. */
  next(): number {
    const factor = this.policy.factor ?? 2;
    // Math.min before the power would overflow: after ~1000 failures factor^attempt is Infinity.
    const exponential = this.policy.initialMs * factor ** Math.min(this.failures, 64);
    const ceiling = Math.min(this.policy.maxMs, exponential);
    this.failures += 1;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  reset(): void {
    this.failures = 0;
  }
}
