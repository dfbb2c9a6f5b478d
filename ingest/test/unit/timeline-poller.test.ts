import { describe, expect, it } from 'vitest';
import { RestError } from '../../src/mastodon/rest-client.js';
import { cursorWithMargin, snowflakeAt } from '../../src/mastodon/status-id.js';
import { pollFailure, pollFrom } from '../../src/mastodon/timeline-poller.js';

describe('a failed poll of one channel', () => {
  it('is terminal when the timeline needs a user: 422 (no user), 401 (bad token), 403 (account not usable)', () => {
    expect(pollFailure(new RestError('refused', 'This method requires an authenticated user', 422))).toBe('unauthorized');
    expect(pollFailure(new RestError('unauthorized', 'The access token is invalid', 401))).toBe('unauthorized');
    expect(pollFailure(new RestError('refused', 'Your login is missing a confirmed e-mail address', 403))).toBe('unauthorized');
  });

  it('skips only that channel when the instance refuses it otherwise (a 404)', () => {
    expect(pollFailure(new RestError('refused', 'Not found', 404))).toBe('skip-channel');
  });

  it('backs off for anything that may pass: network, timeouts, 5xx, an answer that is not a timeline', () => {
    expect(pollFailure(new RestError('server', 'HTTP 503', 503))).toBe('back-off');
    expect(pollFailure(new RestError('network', 'ECONNREFUSED'))).toBe('back-off');
    expect(pollFailure(new RestError('bad-response', 'a timeline must be a JSON array'))).toBe('back-off');
    expect(pollFailure(new Error('anything else'))).toBe('back-off');
  });
});

describe('where a poll of a channel starts', () => {
  it('reads only the newest page without a position, and from the position less the margin with one', () => {
    const position = snowflakeAt(Date.parse('2026-12-07T10:00:00.000Z'));
    expect(pollFrom(undefined, 5_000)).toBeUndefined();
    expect(pollFrom(position, 5_000)).toBe(cursorWithMargin(position, 5_000));
    expect(pollFrom(position, 0)).toBe(position);
  });
});
