import { describe, expect, it } from 'vitest';
import { channelKeyOfStream, timelinePath } from '../src/mastodon/channel.js';
import { parseStreamFrame } from '../src/mastodon/stream-frame.js';

describe('parseStreamFrame', () => {
  it('reads an update, whose payload is a JSON string', () => {
    const frame = parseStreamFrame(JSON.stringify({ stream: ['public'], event: 'update', payload: '{"id":"1"}' }));
    expect(frame).toEqual({ kind: 'event', stream: ['public'], event: 'update', payload: '{"id":"1"}' });
  });

  it('reads a delete, whose payload is the bare id', () => {
    expect(parseStreamFrame('{"stream":["hashtag","Rust"],"event":"delete","payload":"109"}')).toEqual({
      kind: 'event',
      stream: ['hashtag', 'Rust'],
      event: 'delete',
      payload: '109',
    });
  });

  it('reads an error frame and rejects what is not the protocol', () => {
    expect(parseStreamFrame('{"error":"No tag for stream provided","status":400}')).toEqual({ kind: 'error', error: 'No tag for stream provided', status: 400 });
    expect(parseStreamFrame('not json').kind).toBe('invalid');
    expect(parseStreamFrame('[1,2]').kind).toBe('invalid');
    expect(parseStreamFrame('"x"').kind).toBe('invalid');
  });
});

describe('channels', () => {
  it('maps stream names to channels, normalizing the echoed tag', () => {
    expect(channelKeyOfStream(['public'])).toBe('public');
    expect(channelKeyOfStream(['public:local'])).toBe('local');
    expect(channelKeyOfStream(['hashtag', 'Ünïcödé'])).toBe('hashtag:unicode');
    expect(channelKeyOfStream(['user'])).toBeUndefined();
  });

  it('knows the REST timeline of each channel', () => {
    expect(timelinePath({ kind: 'local' })).toEqual({ path: '/api/v1/timelines/public', params: { local: 'true' } });
    expect(timelinePath({ kind: 'hashtag', tag: '東京' }).path).toBe('/api/v1/timelines/tag/%E6%9D%B1%E4%BA%AC');
  });
});
