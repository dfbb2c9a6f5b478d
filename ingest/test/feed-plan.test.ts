import { describe, expect, it } from 'vitest';
import { planFeeds } from '../src/mastodon/feed-plan.js';
import { parseInstanceV1, parseInstanceV2, streamingOrigin, type FeedAccess } from '../src/mastodon/instance-info.js';

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

  it('never downgrades the streaming connection of an https instance', () => {
    expect(streamingOrigin('ws://streaming.example', 'https://m.example')).toBe('wss://streaming.example');
    expect(streamingOrigin(undefined, 'https://m.example')).toBe('wss://m.example');
    expect(streamingOrigin(undefined, 'http://127.0.0.1:3000')).toBe('ws://127.0.0.1:3000');
    expect(streamingOrigin('not a url', 'https://m.example')).toBe('wss://m.example');
  });
});
