import { describe, expect, it } from 'vitest';
import { newClusterId } from '../../src/cluster-id.js';

describe('newClusterId', () => {
  it('is 16 bytes in unpadded base64url', () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/u);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  it('never starts with "-", which the storage tool would take for an option', () => {
    // 0xf8 puts 62 in the first six bits: base64url '-'.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = newClusterId(() => draws.shift() ?? Buffer.alloc(16));
    expect(Buffer.alloc(16, 0xf8).toString('base64url')[0]).toBe('-');
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
    expect(draws).toHaveLength(0);
  });
});
