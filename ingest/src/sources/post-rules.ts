import { parseHashtag } from '@trendstream/contracts/hashtag';

/** A client may declare any time; one this far past the clock that saw the post is not believed. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Nothing counted needs more hashtags of one post than this (Mastodon's mapping keeps as many). */
const MAX_HASHTAGS = 64;

/**
 * The event time of a post whose client declares it (Bluesky's `createdAt`, X's `created_at`): the declared
 * time as long as it is a date and not more than 5 minutes ahead of `seenAt` (when the network or we saw the
 * post); otherwise `seenAt`. A date in the past (an imported archive) is kept: the processor drops it as late
 * when it is older than the retention horizon.
 */
export function declaredEventTime(declared: string | undefined, seenAt: number): number {
  const time = declared === undefined ? Number.NaN : Date.parse(declared);
  if (Number.isNaN(time) || time > seenAt + MAX_FUTURE_SKEW_MS || time < 0) return seenAt;
  return time;
}

/** Hashtag names normalized as Mastodon does, valid ones only, each once, at most 64. */
export function validHashtags(names: Iterable<string>): string[] {
  const tags = new Set<string>();
  for (const name of names) {
    const check = parseHashtag(name);
    if (check.ok) tags.add(check.tag);
    if (tags.size >= MAX_HASHTAGS) break;
  }
  return [...tags];
}

/**
 * How often a stall watchdog looks: a quarter of the timeout, but at least once a second, so a stall is seen at
 * most a second late (a quarter of 45 s let one go unseen for 56 s), and not more than every 50 ms.
 */
export function stallCheckEveryMs(stallTimeoutMs: number): number {
  return Math.min(1_000, Math.max(50, Math.floor(stallTimeoutMs / 4)));
}
