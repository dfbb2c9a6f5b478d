import { describe, expect, it } from 'vitest';
import { XReconnectPolicy } from '../../src/x/x-reconnect.js';

describe("X's reconnect policy", () => {
  it('reconnects at once after an established stream drops, then backs off by the kind of failure', () => {
    const policy = new XReconnectPolicy();
    policy.connected();
    expect(policy.next('network')).toBe(0);
    expect([policy.next('network'), policy.next('network'), policy.next('network')]).toEqual([250, 500, 750]);
  });

  it('backs off linearly by 250 ms up to 16 s for network errors', () => {
    const policy = new XReconnectPolicy();
    const waits = Array.from({ length: 70 }, () => policy.next('network'));
    expect(waits.slice(0, 3)).toEqual([250, 500, 750]);
    expect(waits[63]).toBe(16_000);
    expect(waits.at(-1)).toBe(16_000);
  });

  it('backs off exponentially from 5 s up to 320 s for HTTP errors', () => {
    const policy = new XReconnectPolicy();
    expect(Array.from({ length: 9 }, () => policy.next('http'))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
  });

  it('backs off exponentially from a minute for 429, capped at 15 minutes', () => {
    const policy = new XReconnectPolicy();
    expect(Array.from({ length: 6 }, () => policy.next('rate-limited'))).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
    expect(Number.isFinite(Array.from({ length: 2_000 }, () => policy.next('rate-limited')).at(-1))).toBe(true);
  });

  it('starts over once connected again', () => {
    const policy = new XReconnectPolicy();
    policy.next('http');
    policy.next('http');
    policy.connected();
    expect(policy.next('http')).toBe(0);
    expect(policy.next('http')).toBe(5_000);
  });
});
