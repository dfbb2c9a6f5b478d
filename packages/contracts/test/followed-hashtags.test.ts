import { describe, expect, it } from 'vitest';
import { applyHashtagRecord, type FollowedHashtag } from '../src/followed-hashtags.js';

const value = (tag: string): string => JSON.stringify({ tag, followedAt: '2026-11-25T12:00:00.000Z' });

describe('applyHashtagRecord', () => {
  it('adds on a value and removes on a tombstone', () => {
    const state = new Map<string, FollowedHashtag>();
    expect(applyHashtagRecord(state, 'kafka', value('kafka'))).toEqual({ ok: true, change: 'added', tag: 'kafka' });
    expect(applyHashtagRecord(state, 'kafka', value('kafka'))).toEqual({ ok: true, change: 'unchanged', tag: 'kafka' });
    expect(applyHashtagRecord(state, 'kafka', null)).toEqual({ ok: true, change: 'removed', tag: 'kafka' });
    expect(applyHashtagRecord(state, 'kafka', null)).toEqual({ ok: true, change: 'unchanged', tag: 'kafka' });
    expect(state.size).toBe(0);
  });

  it.each([
    ['no key', null, value('x')],
    ['a key Mastodon would refuse', 'c++', value('c++')],
    ['an empty key', '', value('')],
    ['a key that is not normalized', 'Kafka', value('Kafka')],
    ['a value that is not JSON', 'kafka', 'kafka'],
    ['a value naming another tag', 'kafka', value('avro')],
    ['a value without followedAt', 'kafka', JSON.stringify({ tag: 'kafka' })],
  ])('rejects %s and leaves the set alone', (_name, key, recordValue) => {
    const state = new Map<string, FollowedHashtag>();
    const result = applyHashtagRecord(state, key, recordValue);
    expect(result.ok).toBe(false);
    expect(state.size).toBe(0);
  });
});
