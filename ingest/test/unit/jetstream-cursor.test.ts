import { describe, expect, it } from 'vitest';
import { resumeJetstreamCursor, subscribeUrl } from '../../src/bluesky/jetstream-cursor.js';
import { postUri, tidMicros } from '../../src/bluesky/record-key.js';
import { RESUME_HORIZON_MS } from '../../src/sources/cursor-records.js';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');

describe('where Jetstream is read from', () => {
  it('asks for posts only, from the cursor when there is one', () => {
    expect(subscribeUrl('wss://jetstream.example/subscribe', undefined)).toBe('wss://jetstream.example/subscribe?wantedCollections=app.bsky.feed.post');
    expect(subscribeUrl('ws://127.0.0.1:6008/subscribe?wantedCollections=app.bsky.*&cursor=1', 1_764_000_000_123_456 + 0.5)).toBe(
      'ws://127.0.0.1:6008/subscribe?wantedCollections=app.bsky.feed.post&cursor=1764000000123456',
    );
  });

  it('resumes a saved cursor, but not from further back than the horizon', () => {
    const recent = String((NOW - 60_000) * 1000);
    expect(resumeJetstreamCursor({ id: recent, savedAt: NOW - 60_000 }, NOW)).toBe(Number(recent));
    const old = String((NOW - 5 * RESUME_HORIZON_MS) * 1000);
    expect(resumeJetstreamCursor({ id: old, savedAt: NOW - 5 * RESUME_HORIZON_MS }, NOW)).toBe((NOW - RESUME_HORIZON_MS) * 1000);
    expect(resumeJetstreamCursor({ id: 'not-a-time', savedAt: NOW }, NOW)).toBeUndefined();
    expect(resumeJetstreamCursor(undefined, NOW)).toBeUndefined();
  });
});

describe('a Bluesky record key', () => {
  it('tells when a TID was made and rejects keys that are not TIDs', () => {
    // https://atproto.com/specs/tid example: 3jzfcijpj2z2a
    const micros = tidMicros('3jzfcijpj2z2a');
    expect(micros).toBeDefined();
    expect(new Date(micros! / 1000).getUTCFullYear()).toBe(2023);
    expect(tidMicros('3jzfcijpj2z2b')).toBe(micros);
    for (const key of ['self', 'zzzzzzzzzzzzz', '3jzfcijpj2z2', '3JZFCIJPJ2Z2A']) expect(tidMicros(key)).toBeUndefined();
    expect(postUri('did:plc:x', '3jzfcijpj2z2a')).toBe('at://did:plc:x/app.bsky.feed.post/3jzfcijpj2z2a');
  });
});
