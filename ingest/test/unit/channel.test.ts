import { describe, expect, it } from 'vitest';
import { channelKeyOfStream, timelinePath } from '../../src/mastodon/channel.js';

describe('channels', () => {
  it('maps stream names to channels, normalizing the echoed tag', () => {
    expect(channelKeyOfStream(['public'])).toBe('public');
    expect(channelKeyOfStream(['public:local'])).toBe('local');
    expect(channelKeyOfStream(['public:remote'])).toBe('remote');
    expect(channelKeyOfStream(['hashtag', 'Ünïcödé'])).toBe('hashtag:unicode');
    expect(channelKeyOfStream(['user'])).toBeUndefined();
  });

  it('knows the REST timeline of each channel', () => {
    expect(timelinePath({ kind: 'local' })).toEqual({ path: '/api/v1/timelines/public', params: { local: 'true' } });
    expect(timelinePath({ kind: 'remote' })).toEqual({ path: '/api/v1/timelines/public', params: { remote: 'true' } });
    expect(timelinePath({ kind: 'hashtag', tag: 'rust', only: 'local' })).toEqual({ path: '/api/v1/timelines/tag/rust', params: { local: 'true' } });
    expect(timelinePath({ kind: 'hashtag', tag: '東京' }).path).toBe('/api/v1/timelines/tag/%E6%9D%B1%E4%BA%AC');
  });
});
