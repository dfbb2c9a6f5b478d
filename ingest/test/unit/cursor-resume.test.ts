import { describe, expect, it } from 'vitest';
import type { ChannelKey } from '../../src/mastodon/channel.js';
import { resumableChannels, resumeCursor } from '../../src/mastodon/cursor-resume.js';
import { snowflakeAt } from '../../src/mastodon/status-id.js';
import { RESUME_HORIZON_MS } from '../../src/sources/cursor-records.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('where a Mastodon channel resumes after a restart', () => {
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

  it('keeps the channels an instance reads and skips names from other sources', () => {
    const id = snowflakeAt(NOW - 60_000);
    const saved = new Map([
      ['public', { id, savedAt: NOW - 60_000 }],
      ['hashtag:rust', { id: '42', savedAt: NOW - 60_000 }],
      ['jetstream', { id: '1764072000000000', savedAt: NOW }],
      ['local', { id: 'not-a-snowflake', savedAt: NOW - 2 * RESUME_HORIZON_MS }],
    ]);
    expect(resumableChannels(saved, NOW)).toEqual(
      new Map<ChannelKey, string>([
        ['public', id],
        ['hashtag:rust', '42'],
      ]),
    );
  });
});
