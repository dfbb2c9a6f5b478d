import { describe, expect, it } from 'vitest';
import { generatePosts } from '../src/generate-posts.js';
import { SAMPLE_DEFAULTS } from '../src/sample-plan.js';

const START = Date.parse(SAMPLE_DEFAULTS.start);
const MINUTE = 60_000;

describe('sample generator', () => {
  it('is deterministic for a seed, and a different seed gives different posts', () => {
    const options = { count: 1_500, startMs: START, spanMs: 10 * MINUTE };
    const first = [...generatePosts({ ...options, seed: 'alpha' })];
    expect([...generatePosts({ ...options, seed: 'alpha' })]).toEqual(first);
    const other = [...generatePosts({ ...options, seed: 'beta' })];
    expect(other.map((status) => status.content)).not.toEqual(first.map((status) => status.content));
  });

  it('makes exactly --count lines within [start, start + span)', () => {
    const generated = [...generatePosts({ count: 777, startMs: START, spanMs: 5 * MINUTE, seed: 'span' })];
    expect(generated).toHaveLength(777);
    for (const status of generated) {
      const createdAt = Date.parse(status.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(START - MINUTE);
      expect(createdAt).toBeLessThan(START + 5 * MINUTE);
    }
  });
});
