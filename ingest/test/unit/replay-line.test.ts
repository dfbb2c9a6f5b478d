import { describe, expect, it } from 'vitest';
import { hostOf, parseReplayLine } from '@trendstream/contracts/replay-line';
import { statusAt } from '../support/replay-files.js';

describe('parseReplayLine', () => {
  const receivedAt = Date.UTC(2026, 10, 25, 12);

  it('takes the instance from the url host and stamps source and receivedAt', () => {
    const result = parseReplayLine(statusAt(7, Date.UTC(2026, 2, 14)), receivedAt);
    expect(result).toMatchObject({ ok: true, post: { instance: 'replay.example', source: 'replay', receivedAt, statusId: '7' } });
  });

  it('falls back to the uri host when url is null (remote boosts), keeping a port', () => {
    const line = statusAt(8, Date.UTC(2026, 2, 14), { url: null, uri: 'http://localhost:3000/users/ana/statuses/8/activity' });
    expect(parseReplayLine(line, receivedAt)).toMatchObject({ ok: true, post: { instance: 'localhost:3000' } });
  });

  it.each([
    ['bad JSON', '{"id": "1",', /^bad JSON: /u],
    ['a JSON array', '[1, 2]', /one JSON object/u],
    ['a JSON string', '"hello"', /one JSON object/u],
    ['an object that is not a status', '{"hello": "world"}', /^not a Mastodon status: id/u],
    ['a status with a bad date', statusAt(9, 0, { created_at: 'yesterday' }), /created_at/u],
    ['a status whose url and uri name no host', statusAt(10, 0, { url: null, uri: 'tag:example.org,2011:status-10' }), /neither url nor uri/u],
  ])('rejects %s with a reason', (_name, line, reason) => {
    const result = parseReplayLine(line, receivedAt);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('finds hosts only in http(s) URLs', () => {
    expect(hostOf('https://Mastodon.Example/@ana/1')).toBe('mastodon.example');
    expect(hostOf('mailto:ana@example.org')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(42)).toBeNull();
  });
});
