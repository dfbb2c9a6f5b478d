import { describe, expect, it } from 'vitest';
import { compareStatusIds, cursorWithMargin, newerStatusId, snowflakeAt } from '../../src/mastodon/status-id.js';

describe('status ids', () => {
  it('compares Mastodon ids numerically (length first), others lexically', () => {
    expect(compareStatusIds('99', '100')).toBeLessThan(0);
    expect(compareStatusIds('113510223842115587', '113510223842115586')).toBeGreaterThan(0);
    expect(compareStatusIds('AbC', 'AbD')).toBeLessThan(0);
    expect(newerStatusId(undefined, '5')).toBe('5');
    expect(newerStatusId('10', '9')).toBe('10');
  });

  it('moves a Snowflake cursor back by the margin', () => {
    const at = Date.parse('2026-11-25T12:00:10.000Z');
    const id = ((BigInt(at) << 16n) | 1234n).toString();
    expect(cursorWithMargin(id, 5_000)).toBe(snowflakeAt(at - 5_000));
    expect(compareStatusIds(cursorWithMargin(id, 5_000), id)).toBeLessThan(0);
  });

  it('leaves ids it cannot interpret alone', () => {
    expect(cursorWithMargin('42', 5_000)).toBe('42');
    expect(cursorWithMargin('01HZX3K8Q9', 5_000)).toBe('01HZX3K8Q9');
    expect(cursorWithMargin('113510223842115587', 0)).toBe('113510223842115587');
  });
});
