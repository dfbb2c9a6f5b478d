import { describe, expect, it } from 'vitest';
import { RecentlyUsed } from '../../src/trends/recently-used.js';

describe('RecentlyUsed', () => {
  it('evicts the least recently used key once over capacity, counting a touch as a use', () => {
    const used = new RecentlyUsed<string>(2);
    expect(used.touch('a', 'A')).toBeUndefined();
    expect(used.touch('b', 'B')).toBeUndefined();
    expect(used.touch('a', 'A')).toBeUndefined();
    expect(used.touch('c', 'C')).toBe('B');
    expect(used.touch('d', 'D')).toBe('A');
  });
});
