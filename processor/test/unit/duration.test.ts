import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/windows/duration.js';

describe('parseDuration', () => {
  it('parses durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('5 minutes')).toBeNull();
    expect(parseDuration('0m')).toBeNull();
  });
});
