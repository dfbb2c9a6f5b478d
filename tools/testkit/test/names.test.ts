import { describe, expect, it } from 'vitest';
import { uniqueTopicPrefix } from '../src/kafka.js';
import { uniqueName } from '../src/names.js';

describe('unique names', () => {
  it('are valid as a MySQL database, a hashtag and a topic prefix, and differ every time', () => {
    const names = Array.from({ length: 100 }, () => uniqueName('ts_test'));
    expect(new Set(names).size).toBe(100);
    for (const name of names) expect(name).toMatch(/^ts_test_[0-9a-f]{8}$/u);
    expect(uniqueTopicPrefix('replay')).toMatch(/^replay_[0-9a-f]{8}\.$/u);
  });
});
