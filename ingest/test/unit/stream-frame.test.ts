import { describe, expect, it } from 'vitest';
import { parseStreamFrame } from '../../src/mastodon/stream-frame.js';

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
    expect(parseStreamFrame('{"error":"No tag for stream provided","status":400}')).toEqual({
      kind: 'error',
      error: 'No tag for stream provided',
      status: 400,
    });
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
    expect(parseStreamFrame('{"stream":["public"],"event":"update","payload":{"id":"1"}}')).toEqual({
      kind: 'event',
      stream: ['public'],
      event: 'update',
      payload: undefined,
    });
    expect(parseStreamFrame('{"error":null,"stream":["public"],"event":"update","payload":"{}"}').kind).toBe('event');
  });
});
