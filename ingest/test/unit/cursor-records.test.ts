import { describe, expect, it } from 'vitest';
import { cursorRecordKey, parseCursorRecordKey, parseStoredCursor, storedCursorsBySource } from '../../src/sources/cursor-records.js';
import { captureLogs } from '../support/log-capture.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('saved read positions', () => {
  it('round-trips its record keys and rejects others', () => {
    expect(parseCursorRecordKey(cursorRecordKey('mastodon.social', 'hashtag:rust'))).toEqual({ source: 'mastodon.social', channel: 'hashtag:rust' });
    expect(parseCursorRecordKey(cursorRecordKey('127.0.0.1:3000', 'local'))).toEqual({ source: '127.0.0.1:3000', channel: 'local' });
    expect(parseCursorRecordKey(cursorRecordKey('jetstream2.us-east.bsky.network', 'jetstream'))).toEqual({
      source: 'jetstream2.us-east.bsky.network',
      channel: 'jetstream',
    });
    for (const key of ['mastodon.social', ' public', 'mastodon.social Public', 'mastodon.social hashtag:', 'a.example two words']) {
      expect(parseCursorRecordKey(key)).toBeUndefined();
    }
  });

  it('reads only well-formed values', () => {
    expect(parseStoredCursor('{"id":"113510223842115587","savedAt":1}')).toEqual({ id: '113510223842115587', savedAt: 1 });
    for (const value of ['', 'null', '{"id":""}', '{"id":"1","savedAt":"yesterday"}', '[1]']) expect(parseStoredCursor(value)).toBeUndefined();
  });

  it('groups the saved cursors by source and skips records that do not parse', () => {
    const { logger, lines } = captureLogs('warn');
    const records = new Map([
      ['a.example public', JSON.stringify({ id: '42', savedAt: NOW - 60_000 })],
      ['a.example hashtag:rust', JSON.stringify({ id: '43', savedAt: NOW })],
      ['127.0.0.1:6008 jetstream', JSON.stringify({ id: '1764072000000000', savedAt: NOW })],
      ['b.example public', 'not json'],
      ['nonsense', JSON.stringify({ id: '1', savedAt: NOW })],
    ]);
    expect(storedCursorsBySource(records, logger)).toEqual(
      new Map([
        [
          'a.example',
          new Map([
            ['public', { id: '42', savedAt: NOW - 60_000 }],
            ['hashtag:rust', { id: '43', savedAt: NOW }],
          ]),
        ],
        ['127.0.0.1:6008', new Map([['jetstream', { id: '1764072000000000', savedAt: NOW }]])],
      ]),
    );
    expect(lines.filter((line) => line.msg.includes('does not parse'))).toHaveLength(2);
  });
});
