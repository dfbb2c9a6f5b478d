import type { FeedAccess } from '../../src/mastodon/instance-info.js';

/** An instance whose live and hashtag feeds are all public (what servers before Mastodon 4.5 report). */
export const OPEN_FEEDS: FeedAccess = { liveLocal: 'public', liveRemote: 'public', hashtagLocal: 'public', hashtagRemote: 'public' };
