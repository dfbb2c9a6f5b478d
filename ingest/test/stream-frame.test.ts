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

  it('calls only a real {"error":...} frame an error: null, no stream, odd payloads are not', () => {
    expect(parseStreamFrame('null')).toEqual({ kind: 'invalid', reason: 'frame is not an object' });
    expect(parseStreamFrame('').kind).toBe('invalid');
    expect(parseStreamFrame('{"event":"update","payload":"{}"}')).toEqual({ kind: 'invalid', reason: 'update frame has no stream' });
    expect(parseStreamFrame('{"stream":"public","event":"update","payload":"{}"}').kind).toBe('invalid');
    // An update whose payload is not a JSON string is still an event: the reader skips the payload, not the stream.
    expect(parseStreamFrame('{"stream":["public"],"event":"update","payload":{"id":"1"}}')).toEqual({ kind: 'event', stream: ['public'], event: 'update', payload: undefined });
    expect(parseStreamFrame('{"error":null,"stream":["public"],"event":"update","payload":"{}"}').kind).toBe('event');
  });
});

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
