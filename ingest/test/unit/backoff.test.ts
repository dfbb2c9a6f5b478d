import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/sources/backoff.js';

describe('Backoff', () => {
  it('doubles up to the cap, with waits between half and all of the step', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 8000 }, () => 0);
    const high = new Backoff({ initialMs: 1000, maxMs: 8000 }, () => 0.999_999);
    expect(Array.from({ length: 6 }, () => low.next())).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(Array.from({ length: 6 }, () => high.next())).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('jitters: two clients failing together do not retry together', () => {
    const values = [0.1, 0.9];
    const a = new Backoff({ initialMs: 1000, maxMs: 60_000 }, () => values[0] ?? 0);
    const b = new Backoff({ initialMs: 1000, maxMs: 60_000 }, () => values[1] ?? 0);
    expect(a.next()).not.toBe(b.next());
  });

  it('starts over after reset and counts attempts', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 10_000 }, () => 1);
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(100);
  });

  it('stays finite after very many failures', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 300_000 }, () => 1);
    for (let i = 0; i < 5000; i++) backoff.next();
    expect(backoff.next()).toBe(300_000);
  });
});
