import { describe, expect, it } from 'vitest';
import { parseInstanceEntry, parseTokenEntries, resolveInstanceTargets } from '../../src/mastodon/instance-target.js';

describe('instance entries', () => {
  it('accepts host names and http(s) URLs', () => {
    expect(parseInstanceEntry('mastodon.social')).toEqual({ ok: true, host: 'mastodon.social', baseUrl: 'https://mastodon.social' });
    expect(parseInstanceEntry('https://Fosstodon.org/')).toEqual({ ok: true, host: 'fosstodon.org', baseUrl: 'https://fosstodon.org' });
    expect(parseInstanceEntry('http://127.0.0.1:3000')).toEqual({ ok: true, host: '127.0.0.1:3000', baseUrl: 'http://127.0.0.1:3000' });
  });

  it.each(['ftp://x.example', 'https://x.example/api', 'https://user:pw@x.example', 'http://', 'https://x.example/?a=1'])('rejects %s', (entry) => {
    expect(parseInstanceEntry(entry).ok).toBe(false);
  });
});

describe('tokens', () => {
  it('pairs each instance with its own token or the shared one', () => {
    const tokens = parseTokenEntries(['mastodon.social=abc_DEF-123', 'http://127.0.0.1:3000=xyz==']);
    expect(tokens.ok).toBe(true);
    if (!tokens.ok) return;
    expect(resolveInstanceTargets(['mastodon.social', 'fosstodon.org', 'http://127.0.0.1:3000'], 'shared', tokens.tokens)).toEqual([
      { host: 'mastodon.social', baseUrl: 'https://mastodon.social', token: 'abc_DEF-123' },
      { host: 'fosstodon.org', baseUrl: 'https://fosstodon.org', token: 'shared' },
      { host: '127.0.0.1:3000', baseUrl: 'http://127.0.0.1:3000', token: 'xyz==' },
    ]);
  });

  it('names a bad entry by its host, never by its token', () => {
    const result = parseTokenEntries(['mastodon.social=secret value']);
    expect(result).toEqual({ ok: false, reason: 'the token for mastodon.social has characters an access token cannot have' });
  });
});
