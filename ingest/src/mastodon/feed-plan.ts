import type { FeedAccess, FeedAccessLevel } from './instance-info.js';

export type TimelineChoice = 'public' | 'local' | 'none';

export interface FeedPlanInput {
  access: FeedAccess;
  hasToken: boolean;
  timeline: TimelineChoice;
  transport: 'auto' | 'poll';
}

export type FeedPlan =
  | {
      kind: 'read';
      transport: 'stream' | 'poll';
      /** The timeline channel, or null when only hashtags are read. */
      main: 'public' | 'local' | null;
      hashtags: boolean;
      /** Things worth one info line at start (a feed the instance restricts, why we poll). */
      notes: string[];
    }
  | { kind: 'disabled'; reason: string }
  | { kind: 'unauthorized'; reason: string };

const readable = (level: FeedAccessLevel, hasToken: boolean): boolean => level === 'public' || (level === 'authenticated' && hasToken);

/**
 * Decides how to read one instance from what it announces in configuration.timelines_access (Mastodon
 * 4.5+). Pure. A "disabled" feed is silently empty on the server, so it must be detected here; streaming
 * needs a user token on every channel since Mastodon 4.2, so without one we poll the REST timelines.
 */
export function planFeeds({ access, hasToken, timeline, transport }: FeedPlanInput): FeedPlan {
  const notes: string[] = [];
  const liveLevels = timeline === 'local' ? [access.liveLocal] : [access.liveLocal, access.liveRemote];
  const hashtagLevels = [access.hashtagLocal, access.hashtagRemote];

  const liveOpen = timeline !== 'none' && liveLevels.some((level) => level !== 'disabled');
  const hashtagsOpen = hashtagLevels.some((level) => level !== 'disabled');
  if (!liveOpen && !hashtagsOpen) {
    return {
      kind: 'disabled',
      reason:
        timeline === 'none'
          ? `its hashtag feeds are disabled (timelines_access.hashtag_feeds local=${access.hashtagLocal}, remote=${access.hashtagRemote})`
          : `its live and hashtag feeds are disabled (timelines_access.live_feeds local=${access.liveLocal}, remote=${access.liveRemote}; hashtag_feeds local=${access.hashtagLocal}, remote=${access.hashtagRemote})`,
    };
  }
  const liveReadable = liveOpen && liveLevels.some((level) => readable(level, hasToken));
  const hashtagsReadable = hashtagsOpen && hashtagLevels.some((level) => readable(level, hasToken));
  if (!liveReadable && !hashtagsReadable) {
    return {
      kind: 'unauthorized',
      reason: 'its feeds are only for logged-in users (timelines_access "authenticated") and no access token is configured',
    };
  }
  if (timeline !== 'none' && !liveOpen) notes.push(`its ${timeline} feed is disabled: reading followed hashtags only`);
  else if (liveOpen && !liveReadable) notes.push(`its ${timeline} feed needs a logged-in user and no token is configured: reading followed hashtags only`);
  else if (liveLevels.includes('disabled')) notes.push('part of its public feed is disabled (timelines_access.live_feeds): the server leaves those posts out');
  if (!hashtagsOpen) notes.push('its hashtag feeds are disabled: followed hashtags are not read here');
  else if (!hashtagsReadable) notes.push('its hashtag feeds need a logged-in user and no token is configured: followed hashtags are not read here');

  let chosen: 'stream' | 'poll' = 'stream';
  if (transport === 'poll') {
    chosen = 'poll';
  } else if (!hasToken) {
    chosen = 'poll';
    notes.push('no access token: polling the REST timelines (streaming needs a user token since Mastodon 4.2)');
  }
  const main = timeline === 'none' || !liveReadable ? null : timeline;
  return {
    kind: 'read',
    transport: chosen,
    main,
    hashtags: hashtagsReadable,
    notes,
  };
}
