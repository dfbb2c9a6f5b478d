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
  /**
   * WebSocket base URL of the streaming API, often on another host (wss://streaming.example), with the path
   * prefix it may be served under (wss://example/prefix); the endpoint is this plus /api/v1/streaming.
   */
  streamingUrl: string;
  access: FeedAccess;
  version: string | undefined;
}

// Servers older than 4.5 send no timelines_access; their feeds behave as "public" (apart from the
// user-token rule of 4.2, which the feed plan applies separately). Every field is nullish: Mastodon and
// compatible servers send `null` for what they do not have (urls.streaming, version), and null must mean
// "absent", not "this is not an instance".
const level = z.enum(['public', 'authenticated', 'disabled']).catch('public');
const pair = z.object({ local: level, remote: level }).partial();

const instanceV2 = z.object({
  version: z.string().nullish(),
  configuration: z
    .object({
      urls: z.object({ streaming: z.string().nullish() }).partial().nullish(),
      timelines_access: z.object({ live_feeds: pair.nullish(), hashtag_feeds: pair.nullish() }).partial().nullish(),
    })
    .partial()
    .nullish(),
});

const instanceV1 = z.object({
  version: z.string().nullish(),
  urls: z.object({ streaming_api: z.string().nullish() }).partial().nullish(),
});

/** GET /api/v2/instance (https://docs.joinmastodon.org/entities/Instance/). */
export function parseInstanceV2(json: unknown, baseUrl: string): InstanceInfo | undefined {
  const parsed = instanceV2.safeParse(json);
  if (!parsed.success) return undefined;
  const access = parsed.data.configuration?.timelines_access;
  return {
    streamingUrl: streamingBaseUrl(parsed.data.configuration?.urls?.streaming, baseUrl),
    access: {
      liveLocal: access?.live_feeds?.local ?? 'public',
      liveRemote: access?.live_feeds?.remote ?? 'public',
      hashtagLocal: access?.hashtag_feeds?.local ?? 'public',
      hashtagRemote: access?.hashtag_feeds?.remote ?? 'public',
    },
    version: parsed.data.version ?? undefined,
  };
}

/** GET /api/v1/instance, for servers without v2 (before Mastodon 4.0, and some other software). */
export function parseInstanceV1(json: unknown, baseUrl: string): InstanceInfo | undefined {
  const parsed = instanceV1.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    streamingUrl: streamingBaseUrl(parsed.data.urls?.streaming_api, baseUrl),
    access: { liveLocal: 'public', liveRemote: 'public', hashtagLocal: 'public', hashtagRemote: 'public' },
    version: parsed.data.version ?? undefined,
  };
}

/**
 * The advertised streaming base URL, or the instance's own origin. Keeps a path prefix (Mastodon's web client
 * also appends /api/v1/streaming to STREAMING_API_BASE_URL as it is) and drops a trailing slash, a query and
 * a fragment. Never downgrades: an https instance that advertises ws:// is reached over wss://, since the
 * access token travels in the handshake.
 */
export function streamingBaseUrl(advertised: string | null | undefined, baseUrl: string): string {
  const base = new URL(baseUrl);
  const fallback = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}`;
  if (!advertised) return fallback;
  let url: URL;
  try {
    url = new URL(advertised);
  } catch {
    return fallback;
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol) || !url.host) return fallback;
  const scheme = url.protocol === 'https:' || url.protocol === 'wss:' || base.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${url.host}${url.pathname.replace(/\/+$/u, '')}`;
}
