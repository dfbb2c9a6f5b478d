import { describe, expect, it } from 'vitest';
import { planFeeds } from '../src/mastodon/feed-plan.js';
import { parseInstanceV1, parseInstanceV2, streamingBaseUrl, type FeedAccess } from '../src/mastodon/instance-info.js';

const open: FeedAccess = { liveLocal: 'public', liveRemote: 'public', hashtagLocal: 'public', hashtagRemote: 'public' };

describe('planFeeds', () => {
  it('streams the public timeline and hashtags with a token', () => {
    expect(planFeeds({ access: open, hasToken: true, timeline: 'public', transport: 'auto' })).toEqual({
      kind: 'read',
      transport: 'stream',
      main: 'public',
      hashtags: true,
      notes: [],
    });
  });

  it('polls without a token, since streaming needs a user token (Mastodon 4.2+)', () => {
    const plan = planFeeds({ access: open, hasToken: false, timeline: 'local', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', transport: 'poll', main: 'local' });
  });

  it('polls when told to', () => {
    expect(planFeeds({ access: open, hasToken: true, timeline: 'public', transport: 'poll' })).toMatchObject({ transport: 'poll' });
  });

  it('is disabled when every feed it would read is disabled', () => {
    const closed: FeedAccess = { liveLocal: 'disabled', liveRemote: 'disabled', hashtagLocal: 'disabled', hashtagRemote: 'disabled' };
    expect(planFeeds({ access: closed, hasToken: true, timeline: 'public', transport: 'auto' }).kind).toBe('disabled');
    expect(planFeeds({ access: { ...open, hashtagLocal: 'disabled', hashtagRemote: 'disabled' }, hasToken: true, timeline: 'none', transport: 'auto' }).kind).toBe('disabled');
  });

  it('reads hashtags only when the live feed is disabled', () => {
    const plan = planFeeds({ access: { ...open, liveLocal: 'disabled', liveRemote: 'disabled' }, hasToken: true, timeline: 'public', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', main: null, hashtags: true });
  });

  it('is unauthorized when the feeds need a logged-in user and there is no token', () => {
    const members: FeedAccess = { liveLocal: 'authenticated', liveRemote: 'authenticated', hashtagLocal: 'authenticated', hashtagRemote: 'authenticated' };
    expect(planFeeds({ access: members, hasToken: false, timeline: 'public', transport: 'auto' }).kind).toBe('unauthorized');
    expect(planFeeds({ access: members, hasToken: true, timeline: 'public', transport: 'auto' })).toMatchObject({ kind: 'read', transport: 'stream' });
  });

  it('polls only the half of the public feed that is public without a token (asking for both gets 422)', () => {
    const localOnly = planFeeds({ access: { ...open, liveRemote: 'disabled' }, hasToken: false, timeline: 'public', transport: 'auto' });
    expect(localOnly).toMatchObject({ kind: 'read', transport: 'poll', main: 'local', hashtags: true });
    expect(localOnly.kind === 'read' && localOnly.notes[0]).toContain('local=true');
    expect(planFeeds({ access: { ...open, liveLocal: 'authenticated' }, hasToken: false, timeline: 'public', transport: 'auto' })).toMatchObject({ main: 'remote' });
    // A user may ask for the whole feed: the server leaves out what it must not see.
    expect(planFeeds({ access: { ...open, liveRemote: 'disabled' }, hasToken: true, timeline: 'public', transport: 'auto' })).toMatchObject({ main: 'public' });
    expect(planFeeds({ access: { ...open, liveLocal: 'disabled' }, hasToken: false, timeline: 'local', transport: 'auto' })).toMatchObject({ main: null });
  });

  it('polls hashtags with local=true or remote=true when only that half of the hashtag feeds is public', () => {
    const plan = planFeeds({ access: { ...open, hashtagRemote: 'authenticated' }, hasToken: false, timeline: 'none', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', main: null, hashtags: true, hashtagHalf: 'local' });
    expect(planFeeds({ access: { ...open, hashtagLocal: 'disabled' }, hasToken: false, timeline: 'none', transport: 'auto' })).toMatchObject({ hashtagHalf: 'remote' });
    expect(planFeeds({ access: { ...open, hashtagLocal: 'disabled' }, hasToken: true, timeline: 'none', transport: 'auto' })).not.toHaveProperty('hashtagHalf');
  });

  it('reads the local timeline when only the remote part is disabled', () => {
    expect(planFeeds({ access: { ...open, liveRemote: 'disabled' }, hasToken: true, timeline: 'local', transport: 'auto' })).toMatchObject({ main: 'local', notes: [] });
  });
});

describe('instance discovery', () => {
  it('reads the streaming host and timelines_access of /api/v2/instance', () => {
    const info = parseInstanceV2(
      {
        version: '4.5.0',
        configuration: {
          urls: { streaming: 'wss://streaming.mastodon.example' },
          timelines_access: { live_feeds: { local: 'public', remote: 'authenticated' }, hashtag_feeds: { local: 'public', remote: 'disabled' } },
        },
      },
      'https://mastodon.example',
    );
    expect(info).toEqual({
      streamingUrl: 'wss://streaming.mastodon.example',
      access: { liveLocal: 'public', liveRemote: 'authenticated', hashtagLocal: 'public', hashtagRemote: 'disabled' },
      version: '4.5.0',
    });
  });

  it('treats servers before 4.5 (no timelines_access) as public, and v1 servers by urls.streaming_api', () => {
    expect(parseInstanceV2({ version: '4.2.0', configuration: { urls: { streaming: 'wss://m.example' } } }, 'https://m.example')?.access).toEqual(open);
    expect(parseInstanceV1({ urls: { streaming_api: 'wss://m.example' } }, 'https://m.example')?.streamingUrl).toBe('wss://m.example');
  });

  it('takes null urls.streaming, version and timelines_access (and nested nulls) as absent, not as a failed parse', () => {
    const info = parseInstanceV2(
      { version: null, configuration: { urls: { streaming: null }, timelines_access: { live_feeds: null, hashtag_feeds: { local: null, remote: 'disabled' } } } },
      'https://m.example',
    );
    expect(info).toEqual({ streamingUrl: 'wss://m.example', access: { ...open, hashtagRemote: 'disabled' }, version: undefined });
    expect(parseInstanceV2({ configuration: { urls: null, timelines_access: null } }, 'https://m.example')?.access).toEqual(open);
    expect(parseInstanceV2({ configuration: null }, 'https://m.example')?.streamingUrl).toBe('wss://m.example');
    expect(parseInstanceV1({ version: null, urls: { streaming_api: null } }, 'http://127.0.0.1:3000')?.streamingUrl).toBe('ws://127.0.0.1:3000');
  });

  it('keeps the path prefix of an advertised streaming URL', () => {
    expect(streamingBaseUrl('wss://m.example/prefix', 'https://m.example')).toBe('wss://m.example/prefix');
    expect(streamingBaseUrl('wss://m.example/a/b/?x=1#y', 'https://m.example')).toBe('wss://m.example/a/b');
    expect(streamingBaseUrl('wss://streaming.example/', 'https://m.example')).toBe('wss://streaming.example');
    expect(streamingBaseUrl('mailto:x@y', 'https://m.example')).toBe('wss://m.example');
  });

  it('never downgrades the streaming connection of an https instance', () => {
    expect(streamingBaseUrl('ws://streaming.example', 'https://m.example')).toBe('wss://streaming.example');
    expect(streamingBaseUrl(undefined, 'https://m.example')).toBe('wss://m.example');
    expect(streamingBaseUrl(undefined, 'http://127.0.0.1:3000')).toBe('ws://127.0.0.1:3000');
    expect(streamingBaseUrl('not a url', 'https://m.example')).toBe('wss://m.example');
  });
});
