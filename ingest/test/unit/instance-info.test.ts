import { describe, expect, it } from 'vitest';
import { parseInstanceV1, parseInstanceV2, streamingBaseUrl } from '../../src/mastodon/instance-info.js';
import { OPEN_FEEDS } from '../support/feed-access.js';

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
    expect(parseInstanceV2({ version: '4.2.0', configuration: { urls: { streaming: 'wss://m.example' } } }, 'https://m.example')?.access).toEqual(OPEN_FEEDS);
    expect(parseInstanceV1({ urls: { streaming_api: 'wss://m.example' } }, 'https://m.example')?.streamingUrl).toBe('wss://m.example');
  });

  it('takes null urls.streaming, version and timelines_access (and nested nulls) as absent, not as a failed parse', () => {
    const info = parseInstanceV2(
      {
        version: null,
        configuration: { urls: { streaming: null }, timelines_access: { live_feeds: null, hashtag_feeds: { local: null, remote: 'disabled' } } },
      },
      'https://m.example',
    );
    expect(info).toEqual({ streamingUrl: 'wss://m.example', access: { ...OPEN_FEEDS, hashtagRemote: 'disabled' }, version: undefined });
    expect(parseInstanceV2({ configuration: { urls: null, timelines_access: null } }, 'https://m.example')?.access).toEqual(OPEN_FEEDS);
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
