import { describe, expect, it } from 'vitest';
import { readRateLimit, readRetryAfter, reserveFor, spendOne, waitBeforeRequest } from '../../src/mastodon/rate-limit.js';

const headers = (values: Record<string, string>) => new Headers(values);

describe('rate limit', () => {
  const now = Date.parse('2026-11-25T12:00:00.000Z');

  it('reads the X-RateLimit headers and converts the reset to our clock through Date', () => {
    const state = readRateLimit(
      headers({
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '12',
        'x-ratelimit-reset': '2026-11-25T12:05:00.000Z',
        // The server's clock runs 60 s ahead of ours: the reset is 4 minutes away, not 5.
        date: 'Wed, 25 Nov 2026 12:01:00 GMT',
      }),
      now,
    );
    expect(state).toEqual({ limit: 300, remaining: 12, resetAt: now + 240_000 });
  });

  it("trusts the reset time as it is when the clocks agree within the Date header's one-second resolution", () => {
    const state = readRateLimit(
      headers({
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '1',
        'x-ratelimit-reset': '2026-11-25T12:00:00.700Z',
        date: 'Wed, 25 Nov 2026 11:59:59 GMT',
      }),
      now - 300,
    );
    expect(state?.resetAt).toBe(now + 700);
  });

  it('ignores responses without rate-limit headers', () => {
    expect(readRateLimit(headers({ date: 'Wed, 25 Nov 2026 12:01:00 GMT' }), now)).toBeUndefined();
  });

  it('waits for the reset once the budget is down to the reserve, not before', () => {
    expect(reserveFor(300)).toBe(15);
    expect(reserveFor(5)).toBe(1);
    const resetAt = now + 30_000;
    expect(waitBeforeRequest({ limit: 300, remaining: 16, resetAt }, now)).toBe(0);
    expect(waitBeforeRequest({ limit: 300, remaining: 15, resetAt }, now)).toBe(30_000);
    expect(waitBeforeRequest({ limit: 300, remaining: 0, resetAt }, now + 30_000)).toBe(0);
    expect(waitBeforeRequest(undefined, now)).toBe(0);
  });

  it('reads Retry-After as delay-seconds and as an HTTP-date, on our clock', () => {
    expect(readRetryAfter(headers({ 'retry-after': '120' }), now)).toBe(now + 120_000);
    expect(readRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }), now)).toBe(now + 30_000);
    // The server's clock runs 60 s ahead: its date is 60 s earlier on ours.
    expect(readRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 12:01:30 GMT', date: 'Wed, 25 Nov 2026 12:01:00 GMT' }), now)).toBe(now + 30_000);
    for (const value of ['', '1.5', '-3', 'soon']) expect(readRetryAfter(headers(value ? { 'retry-after': value } : {}), now)).toBeUndefined();
  });

  it('counts requests sent before the next headers arrive', () => {
    const state = { limit: 300, remaining: 16, resetAt: now + 1000 };
    expect(spendOne(state, now)?.remaining).toBe(15);
    expect(spendOne({ ...state, remaining: 0 }, now)?.remaining).toBe(0);
  });
});
