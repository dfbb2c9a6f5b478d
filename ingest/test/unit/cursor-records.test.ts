import { describe, expect, it } from 'vitest';
import {
  cursorRecordKey,
  parseCursorRecordKey,
  parseStoredCursor,
  resumableCursors,
  resumeCursor,
  RESUME_HORIZON_MS,
} from '../../src/mastodon/cursor-records.js';
import type { ChannelKey } from '../../src/mastodon/channel.js';
import { snowflakeAt } from '../../src/mastodon/status-id.js';
import { captureLogs } from '../support/log-capture.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('saved read positions', () => {
  it('round-trips its record keys and rejects others', () => {
    expect(parseCursorRecordKey(cursorRecordKey('mastodon.social', 'hashtag:rust'))).toEqual({ host: 'mastodon.social', channel: 'hashtag:rust' });
    expect(parseCursorRecordKey(cursorRecordKey('127.0.0.1:3000', 'local'))).toEqual({ host: '127.0.0.1:3000', channel: 'local' });
    for (const key of ['mastodon.social', ' public', 'mastodon.social home', 'mastodon.social hashtag:']) expect(parseCursorRecordKey(key)).toBeUndefined();
  });

  it('reads only well-formed values', () => {
    expect(parseStoredCursor('{"id":"113510223842115587","savedAt":1}')).toEqual({ id: '113510223842115587', savedAt: 1 });
    for (const value of ['', 'null', '{"id":""}', '{"id":"1","savedAt":"yesterday"}', '[1]']) expect(parseStoredCursor(value)).toBeUndefined();
  });

  it('resumes a recent cursor as saved, and an old one no further back than the horizon', () => {
    const recent = snowflakeAt(NOW - 10 * 60_000);
    expect(resumeCursor({ id: recent, savedAt: NOW - 10 * 60_000 }, NOW)).toBe(recent);
    const old = snowflakeAt(NOW - 3 * RESUME_HORIZON_MS);
    expect(resumeCursor({ id: old, savedAt: NOW - 3 * RESUME_HORIZON_MS }, NOW)).toBe(snowflakeAt(NOW - RESUME_HORIZON_MS));
    // Saved long ago but already past the horizon (a clock moved): kept.
    const ahead = snowflakeAt(NOW - 60_000);
    expect(resumeCursor({ id: ahead, savedAt: NOW - 2 * RESUME_HORIZON_MS }, NOW)).toBe(ahead);
    // An id that is not a Snowflake cannot be moved: an old one is dropped.
    expect(resumeCursor({ id: '01HZX3K8Q9', savedAt: NOW - 2 * RESUME_HORIZON_MS }, NOW)).toBeUndefined();
    expect(resumeCursor({ id: '01HZX3K8Q9', savedAt: NOW - 60_000 }, NOW)).toBe('01HZX3K8Q9');
  });

  it('groups resumable cursors by host and skips records that do not parse', () => {
    const { logger, lines } = captureLogs('warn');
    const id = snowflakeAt(NOW - 60_000);
    const records = new Map([
      ['a.example public', JSON.stringify({ id, savedAt: NOW - 60_000 })],
      ['a.example hashtag:rust', JSON.stringify({ id: '42', savedAt: NOW - 60_000 })],
      ['b.example local', JSON.stringify({ id, savedAt: NOW - 60_000 })],
      ['b.example public', 'not json'],
      ['nonsense', JSON.stringify({ id, savedAt: NOW })],
    ]);
    const cursors = resumableCursors(records, NOW, logger);
    expect(cursors).toEqual(
      new Map([
        [
          'a.example',
          new Map<ChannelKey, string>([
            ['public', id],
            ['hashtag:rust', '42'],
          ]),
        ],
        ['b.example', new Map<ChannelKey, string>([['local', id]])],
      ]),
    );
    expect(lines.filter((line) => line.msg.includes('does not parse'))).toHaveLength(2);
  });
});
