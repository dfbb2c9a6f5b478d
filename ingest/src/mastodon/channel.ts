import { normalizeHashtag } from '@trendstream/contracts/hashtag';

/**
 * Which half of a feed an anonymous reader may ask for. Since Mastodon 4.5 an instance can open its local and
 * remote posts separately, and a timeline request without `local=true`/`remote=true` then needs a logged-in
 * user (the API answers 422): see feed-plan.ts.
 */
export type FeedHalf = 'local' | 'remote';

/**
 * What one instance is read for: its public (federated) timeline, one half of it (`local`: posts made there,
 * `remote`: posts it received), and one channel per hashtag (optionally one half of that tag's feed).
 */
export type Channel = { kind: 'public' } | { kind: 'local' } | { kind: 'remote' } | { kind: 'hashtag'; tag: string; only?: FeedHalf };

export type ChannelKey = 'public' | 'local' | 'remote' | `hashtag:${string}`;

/** The key names the feed, not how it is read: a hashtag read in halves keeps its cursor. */
export function channelKey(channel: Channel): ChannelKey {
  return channel.kind === 'hashtag' ? `hashtag:${channel.tag}` : channel.kind;
}

/** For logs and metrics: `public`, `local`, `remote`, `#tag`. */
export function channelLabel(channel: Channel): string {
  return channel.kind === 'hashtag' ? `#${channel.tag}` : channel.kind;
}

/** The REST timeline that holds the same statuses, for gap fill and polling. */
export function timelinePath(channel: Channel): { path: string; params: Record<string, string> } {
  switch (channel.kind) {
    case 'public':
      return { path: '/api/v1/timelines/public', params: {} };
    case 'local':
      return { path: '/api/v1/timelines/public', params: { local: 'true' } };
    case 'remote':
      return { path: '/api/v1/timelines/public', params: { remote: 'true' } };
    case 'hashtag':
      return { path: `/api/v1/timelines/tag/${encodeURIComponent(channel.tag)}`, params: channel.only ? { [channel.only]: 'true' } : {} };
  }
}

/**
 * Which channel a streaming frame belongs to. Frames name their stream (`["public"]`,
 * `["public:local"]`, `["public:remote"]`, `["hashtag", "Tag"]`); hashtag frames echo the tag as the client
 * spelled it.
 */
export function channelKeyOfStream(stream: readonly string[]): ChannelKey | undefined {
  const [name, tag] = stream;
  if (name === 'public') return 'public';
  if (name === 'public:local') return 'local';
  if (name === 'public:remote') return 'remote';
  if (name === 'hashtag' && tag) return `hashtag:${normalizeHashtag(tag)}`;
  return undefined;
}
