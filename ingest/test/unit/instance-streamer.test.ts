import { describe, expect, it } from 'vitest';
import { connectFailure } from '../../src/mastodon/instance-streamer.js';
import { StreamingConnectError, StreamingRefusedError } from '../../src/mastodon/streaming-socket.js';

describe('a refused streaming upgrade', () => {
  it('is terminal for a refused token (401)', () => {
    expect(connectFailure(new StreamingRefusedError(401, 'Error while verifying token'))).toBe('unauthorized');
  });

  it('switches to polling for another 4xx: the server will not stream to us', () => {
    for (const status of [400, 403, 404, 410]) expect(connectFailure(new StreamingRefusedError(status, undefined))).toBe('poll');
  });

  it('backs off and retries for a timeout, a rate limit, a server error or a failed connection', () => {
    for (const status of [408, 429, 500, 502, 503]) expect(connectFailure(new StreamingRefusedError(status, undefined))).toBe('back-off');
    expect(connectFailure(new StreamingConnectError('connect ECONNREFUSED'))).toBe('back-off');
    expect(connectFailure(new Error('anything else'))).toBe('back-off');
  });
});
