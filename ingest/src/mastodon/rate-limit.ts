/**
 * Mastodon's REST rate limit (https://docs.joinmastodon.org/api/rate-limits/): 300 requests per 5 minutes
 * per account and per IP, announced on every response in X-RateLimit-Limit, X-RateLimit-Remaining and
 * X-RateLimit-Reset (an ISO 8601 time). Pure: the clock is passed in.
 */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the window resets, on OUR clock (epoch ms). */
  resetAt: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Reads the headers of a response received at `now`. When the server's clock is clearly off from ours (its
 * Date header differs by more than 2 s), the reset time is shifted by that difference, so a wrong clock does
 * not make us wait too long or too little. Within 2 s the Date header is ignored: it has a resolution of
 * one second, coarser than the error it would correct.
 */
export function readRateLimit(headers: HeaderSource, now: number): RateLimitState | undefined {
  const limitHeader = headers.get('x-ratelimit-limit');
  const limit = Number(limitHeader);
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  if (limitHeader === null || !Number.isFinite(limit) || !Number.isFinite(remaining) || Number.isNaN(reset)) return undefined;
  return { limit, remaining, resetAt: toOurClock(reset, headers, now) };
}

/**
 * When a `Retry-After` header (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after) allows the next
 * request, on our clock: it is either delay-seconds (`120`) or an HTTP-date (`Wed, 25 Nov 2026 12:05:00 GMT`,
 * the server's clock, corrected through the Date header as above). Undefined when absent or unreadable.
 */
export function readRetryAfter(headers: HeaderSource, now: number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/u.test(value)) return now + Number(value) * 1000;
  // Date.parse reads nearly anything ("1.5" is a day in 2001): an HTTP-date always names a day or month.
  if (!/[a-z]{3}/iu.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : toOurClock(at, headers, now);
}

function toOurClock(serverTime: number, headers: HeaderSource, now: number): number {
  const serverNow = Date.parse(headers.get('date') ?? '');
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - now;
  return Math.abs(skew) > 2_000 ? serverTime - skew : serverTime;
}

/**
 * Requests kept in hand for the account's other clients (a person may use the same account in an app):
 * 5% of the limit, at least one.
 */
export function reserveFor(limit: number): number {
  return Math.max(1, Math.floor(limit * 0.05));
}

/** How long to wait before the next request: until the reset once the budget is down to the reserve. */
export function waitBeforeRequest(state: RateLimitState | undefined, now: number): number {
  if (!state || now >= state.resetAt) return 0;
  return state.remaining > reserveFor(state.limit) ? 0 : state.resetAt - now;
}

/** After sending a request we count it ourselves, so parallel requests do not all rely on a stale header. */
export function spendOne(state: RateLimitState | undefined, now: number): RateLimitState | undefined {
  if (!state || now >= state.resetAt) return state;
  return { ...state, remaining: Math.max(0, state.remaining - 1) };
}
