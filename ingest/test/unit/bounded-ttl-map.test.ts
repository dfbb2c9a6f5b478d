import { describe, expect, it } from 'vitest';
import { BoundedTtlMap } from '../../src/sources/bounded-ttl-map.js';

describe('BoundedTtlMap', () => {
  it('forgets the oldest entries past its capacity', () => {
    const map = new BoundedTtlMap<string, number>(2, 60_000);
    map.set('a', 1, 0);
    map.set('b', 2, 1);
    map.set('c', 3, 2);
    expect(map.size).toBe(2);
    expect(map.has('a', 3)).toBe(false);
    expect(map.get('c', 3)).toBe(3);
  });

  it('forgets entries older than the TTL, and set() renews an entry', () => {
    const map = new BoundedTtlMap<string, true>(10, 1_000);
    map.set('a', true, 0);
    map.set('b', true, 500);
    map.set('a', true, 900);
    expect(map.has('b', 1_499)).toBe(true);
    expect(map.has('b', 1_500)).toBe(false);
    expect(map.has('a', 1_800)).toBe(true);
    map.set('c', true, 2_000);
    expect(map.size).toBe(1);
  });
});
