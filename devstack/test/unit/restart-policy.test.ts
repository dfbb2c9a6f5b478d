import { describe, expect, it } from 'vitest';
import { nextRestart, STABLE_AFTER_MS } from '../../src/restart-policy.js';

describe('restarting a crashed app', () => {
  it('backs off while it keeps crashing, up to 30 s', () => {
    let crashes = 0;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const next = nextRestart(crashes, 500);
      delays.push(next.delayMs);
      crashes = next.crashes;
    }
    expect(delays).toEqual([1_000, 2_000, 5_000, 10_000, 30_000, 30_000, 30_000]);
  });

  it('starts over once the app had stayed up', () => {
    expect(nextRestart(4, STABLE_AFTER_MS)).toEqual({ delayMs: 1_000, crashes: 1 });
  });
});
