import { isNetwork, type Post } from './post.js';
import { parseStatus } from './status-to-post.js';

export type LineParse = { ok: true; post: Post } | { ok: false; reason: string };

/** Longer lines are not statuses (Mastodon caps what it serves far below this) and are skipped unparsed. */
export const MAX_LINE_LENGTH = 1_000_000;

/**
 * One replay line to a Post. The instance is the host of the status `url`, else of its `uri`: a Status
 * entity does not say which server delivered it, and these are the hosts it does name (for a boost, the
 * booster's; remote boosts often have no `url`, hence the fallback). Never throws.
 */
export function parseReplayLine(text: string, receivedAt: number): LineParse {
  if (text.length > MAX_LINE_LENGTH) return { ok: false, reason: `line longer than ${MAX_LINE_LENGTH} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `bad JSON: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'not a Mastodon status: a line must hold one JSON object' };
  }
  const record = json as Record<string, unknown>;
  const instance = hostOf(record.url) ?? hostOf(record.uri);
  const parsed = parseStatus(json, { instance: instance ?? '', source: 'replay', receivedAt });
  if (!parsed.ok) return { ok: false, reason: `not a Mastodon status: ${parsed.reason}` };
  if (instance === null) return { ok: false, reason: 'neither url nor uri is an http(s) URL naming the instance' };
  // `network` is Trendstream's own field (post-to-status.ts): a recorded Bluesky or X post.
  const network = record.network;
  if (network !== undefined && (typeof network !== 'string' || !isNetwork(network)))
    return { ok: false, reason: `network ${JSON.stringify(network)} is not mastodon, bluesky or x` };
  return network === undefined ? parsed : { ok: true, post: { ...parsed.post, network } };
}

/** The host (with port, if any) of an http(s) URL; null for anything else. */
export function hostOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host ? url.host : null;
  } catch {
    return null;
  }
}
