import { describe, expect, it } from 'vitest';
import { planFeeds } from '../../src/mastodon/feed-plan.js';
import type { FeedAccess } from '../../src/mastodon/instance-info.js';
import { OPEN_FEEDS } from '../support/feed-access.js';

describe('planFeeds', () => {
  it('streams the public timeline and hashtags with a token', () => {
    expect(planFeeds({ access: OPEN_FEEDS, hasToken: true, timeline: 'public', transport: 'auto' })).toEqual({
      kind: 'read',
      transport: 'stream',
      main: 'public',
      hashtags: true,
      notes: [],
    });
  });

  it('polls without a token, since streaming needs a user token (Mastodon 4.2+)', () => {
    const plan = planFeeds({ access: OPEN_FEEDS, hasToken: false, timeline: 'local', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', transport: 'poll', main: 'local' });
  });

  it('polls when told to', () => {
    expect(planFeeds({ access: OPEN_FEEDS, hasToken: true, timeline: 'public', transport: 'poll' })).toMatchObject({ transport: 'poll' });
  });

  it('is disabled when every feed it would read is disabled', () => {
    const closed: FeedAccess = { liveLocal: 'disabled', liveRemote: 'disabled', hashtagLocal: 'disabled', hashtagRemote: 'disabled' };
    expect(planFeeds({ access: closed, hasToken: true, timeline: 'public', transport: 'auto' }).kind).toBe('disabled');
    expect(
      planFeeds({ access: { ...OPEN_FEEDS, hashtagLocal: 'disabled', hashtagRemote: 'disabled' }, hasToken: true, timeline: 'none', transport: 'auto' }).kind,
    ).toBe('disabled');
  });

  it('reads hashtags only when the live feed is disabled', () => {
    const plan = planFeeds({ access: { ...OPEN_FEEDS, liveLocal: 'disabled', liveRemote: 'disabled' }, hasToken: true, timeline: 'public', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', main: null, hashtags: true });
  });

  it('is unauthorized when the feeds need a logged-in user and there is no token', () => {
    const members: FeedAccess = { liveLocal: 'authenticated', liveRemote: 'authenticated', hashtagLocal: 'authenticated', hashtagRemote: 'authenticated' };
    expect(planFeeds({ access: members, hasToken: false, timeline: 'public', transport: 'auto' }).kind).toBe('unauthorized');
    expect(planFeeds({ access: members, hasToken: true, timeline: 'public', transport: 'auto' })).toMatchObject({ kind: 'read', transport: 'stream' });
  });

  it('polls only the half of the public feed that is public without a token (asking for both gets 422)', () => {
    const localOnly = planFeeds({ access: { ...OPEN_FEEDS, liveRemote: 'disabled' }, hasToken: false, timeline: 'public', transport: 'auto' });
    expect(localOnly).toMatchObject({ kind: 'read', transport: 'poll', main: 'local', hashtags: true });
    expect(localOnly.kind === 'read' && localOnly.notes[0]).toContain('local=true');
    expect(planFeeds({ access: { ...OPEN_FEEDS, liveLocal: 'authenticated' }, hasToken: false, timeline: 'public', transport: 'auto' })).toMatchObject({
      main: 'remote',
    });
    // A user may ask for the whole feed: the server leaves out what it must not see.
    expect(planFeeds({ access: { ...OPEN_FEEDS, liveRemote: 'disabled' }, hasToken: true, timeline: 'public', transport: 'auto' })).toMatchObject({
      main: 'public',
    });
    expect(planFeeds({ access: { ...OPEN_FEEDS, liveLocal: 'disabled' }, hasToken: false, timeline: 'local', transport: 'auto' })).toMatchObject({
      main: null,
    });
  });

  it('polls hashtags with local=true or remote=true when only that half of the hashtag feeds is public', () => {
    const plan = planFeeds({ access: { ...OPEN_FEEDS, hashtagRemote: 'authenticated' }, hasToken: false, timeline: 'none', transport: 'auto' });
    expect(plan).toMatchObject({ kind: 'read', main: null, hashtags: true, hashtagHalf: 'local' });
    expect(planFeeds({ access: { ...OPEN_FEEDS, hashtagLocal: 'disabled' }, hasToken: false, timeline: 'none', transport: 'auto' })).toMatchObject({
      hashtagHalf: 'remote',
    });
    expect(planFeeds({ access: { ...OPEN_FEEDS, hashtagLocal: 'disabled' }, hasToken: true, timeline: 'none', transport: 'auto' })).not.toHaveProperty(
      'hashtagHalf',
    );
  });

  it('reads the local timeline when only the remote part is disabled', () => {
    expect(planFeeds({ access: { ...OPEN_FEEDS, liveRemote: 'disabled' }, hasToken: true, timeline: 'local', transport: 'auto' })).toMatchObject({
      main: 'local',
      notes: [],
    });
  });
});
