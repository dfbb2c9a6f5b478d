import { z } from 'zod';

/** configuration.timelines_access values (Mastodon 4.5+): who may read a feed. */
export type FeedAccessLevel = 'public' | 'authenticated' | 'disabled';

export interface FeedAccess {
  liveLocal: FeedAccessLevel;
  liveRemote: FeedAccessLevel;
  hashtagLocal: FeedAccessLevel;
  hashtagRemote: FeedAccessLevel;
}

export interface InstanceInfo {
  /** WebSocket origin of the streaming API, often another host (wss://streaming.example). */
  streamingUrl: string;
  access: FeedAccess;
  version: string | undefined;
}

// Servers older than 4.5 send no timelines_access; their feeds behave as "public" (apart from the
// user-token rule of 4.2, which the feed plan applies separately).
const level = z.enum(['public', 'authenticated', 'disabled']).catch('public');
const pair = z.object({ local: level, remote: level }).partial();

const instanceV2 = z.object({
  version: z.string().optional(),
  configuration: z
    .object({
      urls: z.object({ streaming: z.string().optional() }).partial().optional(),
      timelines_access: z.object({ live_feeds: pair.optional(), hashtag_feeds: pair.optional() }).partial().optional(),
    })
    .partial()
    .optional(),
});

const instanceV1 = z.object({
  version: z.string().optional(),
  urls: z.object({ streaming_api: z.string().optional() }).partial().optional(),
});

/** GET /api/v2/instance (https://docs.joinmastodon.org/entities/Instance/). */
export function parseInstanceV2(json: unknown, baseUrl: string): InstanceInfo | undefined {
  const parsed = instanceV2.safeParse(json);
  if (!parsed.success) return undefined;
  const access = parsed.data.configuration?.timelines_access;
  return {
    streamingUrl: streamingOrigin(parsed.data.configuration?.urls?.streaming, baseUrl),
    access: {
      liveLocal: access?.live_feeds?.local ?? 'public',
      liveRemote: access?.live_feeds?.remote ?? 'public',
      hashtagLocal: access?.hashtag_feeds?.local ?? 'public',
      hashtagRemote: access?.hashtag_feeds?.remote ?? 'public',
    },
    version: parsed.data.version,
  };
}

/** GET /api/v1/instance, for servers without v2 (before Mastodon 4.0, and some other software). */
export function parseInstanceV1(json: unknown, baseUrl: string): InstanceInfo | undefined {
  const parsed = instanceV1.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    streamingUrl: streamingOrigin(parsed.data.urls?.streaming_api, baseUrl),
    access: { liveLocal: 'public', liveRemote: 'public', hashtagLocal: 'public', hashtagRemote: 'public' },
    version: parsed.data.version,
  };
}

/**
 * The advertised streaming origin, or the instance's own. Never downgrades: an https instance that
 * advertises ws:// is reached over wss://, since the access token travels in the handshake.
 */
export function streamingOrigin(advertised: string | undefined, baseUrl: string): string {
  const base = new URL(baseUrl);
  const fallback = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}`;
  if (!advertised) return fallback;
  let url: URL;
  try {
    url = new URL(advertised);
  } catch {
    return fallback;
  }
  const scheme = url.protocol === 'https:' || url.protocol === 'wss:' || base.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${url.host}`;
}
