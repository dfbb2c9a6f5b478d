import type { FeedHalf } from './channel.js';
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
      /**
       * The timeline channel, or null when only hashtags are read. `remote` (and `local` when `public` was
       * asked for) is the half of the public feed an instance opens to anonymous readers.
       */
      main: 'public' | 'local' | 'remote' | null;
      hashtags: boolean;
      /** Set when hashtags may be read anonymously for one half only: they are polled with local/remote=true. */
      hashtagHalf?: FeedHalf;
      /** Things worth one info line at start (a feed the instance restricts, why we poll). */
      notes: string[];
    }
  | { kind: 'disabled'; reason: string }
  | { kind: 'unauthorized'; reason: string };

const readable = (level: FeedAccessLevel, hasToken: boolean): boolean => level === 'public' || (level === 'authenticated' && hasToken);

/**
 * What of a feed (its local and remote halves at these levels) can be asked for without being refused.
 * Mastodon 4.5 checks a timeline request against the halves it names: `local=true` against the local level,
 * `remote=true` against the remote one, neither against both; any level but `public` then needs a logged-in
 * user, and an anonymous caller gets 422 (Api::V1::Timelines::PublicController / TopicController
 * `require_auth?`). A user may ask for the whole feed: the server leaves out the halves it must not see.
 */
function readablePart(local: FeedAccessLevel, remote: FeedAccessLevel, hasToken: boolean): 'all' | FeedHalf | null {
  if (hasToken) return readable(local, true) || readable(remote, true) ? 'all' : null;
  if (local === 'public' && remote === 'public') return 'all';
  if (local === 'public') return 'local';
  if (remote === 'public') return 'remote';
  return null;
}

/**
 * Decides how to read one instance from what it announces in configuration.timelines_access (Mastodon
 * 4.5+). Pure. A "disabled" feed is silently empty on the server, so it must be detected here; streaming
 * needs a user token on every channel since Mastodon 4.2, so without one we poll the REST timelines, asking
 * only for the half of a feed that is public when the other half is not.
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
  const main = liveOpen ? mainChannel(timeline, access, hasToken) : null;
  const hashtagPart = hashtagsOpen ? readablePart(access.hashtagLocal, access.hashtagRemote, hasToken) : null;
  if (main === null && hashtagPart === null) {
    return {
      kind: 'unauthorized',
      reason: 'its feeds are only for logged-in users (timelines_access "authenticated") and no access token is configured',
    };
  }
  if (timeline !== 'none' && !liveOpen) notes.push(`its ${timeline} feed is disabled: reading followed hashtags only`);
  else if (liveOpen && main === null) notes.push(`its ${timeline} feed needs a logged-in user and no token is configured: reading followed hashtags only`);
  else if (main !== null && main !== timeline) {
    notes.push(
      `only the ${main} half of its public feed is open without a token (timelines_access.live_feeds local=${access.liveLocal}, remote=${access.liveRemote}): polling it with ${main}=true`,
    );
  } else if (liveLevels.includes('disabled'))
    notes.push('part of its public feed is disabled (timelines_access.live_feeds): the server leaves those posts out');
  if (!hashtagsOpen) notes.push('its hashtag feeds are disabled: followed hashtags are not read here');
  else if (hashtagPart === null) notes.push('its hashtag feeds need a logged-in user and no token is configured: followed hashtags are not read here');
  else if (hashtagPart !== 'all') {
    notes.push(
      `only the ${hashtagPart} half of its hashtag feeds is open without a token (timelines_access.hashtag_feeds local=${access.hashtagLocal}, remote=${access.hashtagRemote}): polling them with ${hashtagPart}=true`,
    );
  }

  let chosen: 'stream' | 'poll' = 'stream';
  if (transport === 'poll') {
    chosen = 'poll';
  } else if (!hasToken) {
    chosen = 'poll';
    notes.push('no access token: polling the REST timelines (streaming needs a user token since Mastodon 4.2)');
  }
  return {
    kind: 'read',
    transport: chosen,
    main,
    hashtags: hashtagPart !== null,
    ...(hashtagPart === 'local' || hashtagPart === 'remote' ? { hashtagHalf: hashtagPart } : {}),
    notes,
  };
}

function mainChannel(timeline: TimelineChoice, access: FeedAccess, hasToken: boolean): 'public' | 'local' | 'remote' | null {
  if (timeline === 'none') return null;
  if (timeline === 'local') return readable(access.liveLocal, hasToken) ? 'local' : null;
  const part = readablePart(access.liveLocal, access.liveRemote, hasToken);
  return part === 'all' ? 'public' : part;
}
