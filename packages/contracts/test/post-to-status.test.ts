import { describe, expect, it } from 'vitest';
import type { Post } from '../src/post.js';
import { postToStatusJson } from '../src/post-to-status.js';
import { parseReplayLine } from '../src/replay-line.js';
import { tokenize } from '../src/tokenizer.js';

const bluesky: Post = {
  uri: 'at://did:plc:abc/app.bsky.feed.post/3lcz6vbxqxk2a',
  statusId: '3lcz6vbxqxk2a',
  instance: 'jetstream2.us-east.bsky.network',
  network: 'bluesky',
  source: 'stream',
  url: 'https://bsky.app/profile/did:plc:abc/post/3lcz6vbxqxk2a',
  createdAt: Date.parse('2026-12-07T10:00:00.123Z'),
  receivedAt: Date.parse('2026-12-07T10:00:01.000Z'),
  language: 'ja',
  text: 'Tom & Jerry <3 東京タワー\nzweite Zeile 🎉 #日本',
  spoilerText: '',
  hashtags: ['日本', 'cafe'],
  isBoost: false,
  boostOfUri: null,
  sensitive: true,
  account: { acct: 'did:plc:abc', bot: false, discoverable: null, indexable: null, noindexInBio: false },
};

describe('a post of any network as a replay line', () => {
  it('replays as the post it was, network included, counting the same words', () => {
    const parsed = parseReplayLine(JSON.stringify(postToStatusJson(bluesky)), 42);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.post).toEqual({ ...bluesky, instance: 'bsky.app', source: 'replay', receivedAt: 42 });
    expect(tokenize(parsed.post).sort()).toEqual(tokenize(bluesky).sort());
  });

  it('keeps Mastodon lines as they were, and refuses a network it does not know', () => {
    const line = postToStatusJson({ ...bluesky, network: 'x', url: 'https://x.com/i/web/status/1', uri: 'https://x.com/i/web/status/1' });
    const x = parseReplayLine(JSON.stringify(line), 0);
    expect(x.ok && x.post.network).toBe('x');
    const { network: _ignored, ...mastodon } = line;
    const plain = parseReplayLine(JSON.stringify(mastodon), 0);
    expect(plain.ok && plain.post.network).toBe('mastodon');
    expect(parseReplayLine(JSON.stringify({ ...line, network: 'threads' }), 0)).toEqual({
      ok: false,
      reason: 'network "threads" is not mastodon, bluesky or x',
    });
  });
});
