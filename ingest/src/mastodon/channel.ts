import { normalizeHashtag } from '@trendstream/schema/hashtag';

/** What one instance is read for: its public (federated) or local timeline, and one channel per hashtag. */
export type Channel = { kind: 'public' } | { kind: 'local' } | { kind: 'hashtag'; tag: string };

export type ChannelKey = 'public' | 'local' | `hashtag:${string}`;

export function channelKey(channel: Channel): ChannelKey {
  return channel.kind === 'hashtag' ? `hashtag:${channel.tag}` : channel.kind;
}

/** For logs and metrics: `public`, `local`, `#tag`. */
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
    case 'hashtag':
      return { path: `/api/v1/timelines/tag/${encodeURIComponent(channel.tag)}`, params: {} };
  }
}

/**
 * Which channel a streaming frame belongs to. Frames name their stream (`["public"]`,
 * `["public:local"]`, `["hashtag", "Tag"]`); hashtag frames echo the tag as the client spelled it.
 */
export function channelKeyOfStream(stream: readonly string[]): ChannelKey | undefined {
  const [name, tag] = stream;
  if (name === 'public') return 'public';
  if (name === 'public:local') return 'local';
  if (name === 'hashtag' && tag) return `hashtag:${normalizeHashtag(tag)}`;
  return undefined;
}
