/** Why a connection attempt or an open stream failed, in the classes X's reconnect advice distinguishes. */
export type XFailure = 'network' | 'http' | 'rate-limited';

export interface XReconnectSteps {
  /** Network errors (including a stall): +step each attempt, up to max. */
  networkStepMs: number;
  networkMaxMs: number;
  /** HTTP errors: from initial, doubling, up to max. */
  httpInitialMs: number;
  httpMaxMs: number;
  /** 429: from initial, doubling, up to max. */
  rateLimitedInitialMs: number;
  rateLimitedMaxMs: number;
}

/**
 * X's documented reconnect policy (https://docs.x.com/x-api/fundamentals/handling-disconnections):
 * once an established stream drops, reconnect at once; if that fails, back off linearly by 250 ms up to 16 s for
 * network errors, exponentially from 5 s up to 320 s for HTTP errors, and exponentially from 1 minute for 429
 * (capped here at 15 minutes, the length of X's rate-limit windows).
 */
export const X_RECONNECT_STEPS: XReconnectSteps = {
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpInitialMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitedInitialMs: 60_000,
  rateLimitedMaxMs: 900_000,
};

/** Pure: no clock, no randomness (X prescribes the steps; a single app has one connection, so no herd to spread). */
export class XReconnectPolicy {
  private retryAtOnce = false;
  private readonly failures: Record<XFailure, number> = { network: 0, http: 0, 'rate-limited': 0 };

  constructor(private readonly steps: XReconnectSteps = X_RECONNECT_STEPS) {}

  /** The stream is established (its first byte arrived): the next failure is retried at once, and the steps start over. */
  connected(): void {
    this.retryAtOnce = true;
    this.failures.network = 0;
    this.failures.http = 0;
    this.failures['rate-limited'] = 0;
  }

  /** How long to wait before reconnecting after this failure. */
  next(failure: XFailure): number {
    if (this.retryAtOnce) {
      this.retryAtOnce = false;
      return 0;
    }
    const attempt = ++this.failures[failure];
    const { steps } = this;
    switch (failure) {
      case 'network':
        return Math.min(steps.networkMaxMs, steps.networkStepMs * attempt);
      case 'http':
        return Math.min(steps.httpMaxMs, steps.httpInitialMs * 2 ** Math.min(attempt - 1, 32));
      case 'rate-limited':
        return Math.min(steps.rateLimitedMaxMs, steps.rateLimitedInitialMs * 2 ** Math.min(attempt - 1, 32));
    }
  }
}
