import { parseHashtag } from '@trendstream/schema/hashtag';
import type { TrendsSubscription } from '@trendstream/schema/socket-events';

export const LANGUAGE_CODE = /^[a-z]{2,3}$/u;

export type SubscriptionCheck = { ok: true; subscription: TrendsSubscription; key: string } | { ok: false; error: string };

/** Validates what a client asks to follow; the key names the room its deltas go to. */
export function checkSubscription(input: unknown, windows: readonly string[]): SubscriptionCheck {
  if (typeof input !== 'object' || input === null) return { ok: false, error: 'subscription must be an object { window, lang?, tag? }' };
  const { window, lang, tag } = input as Record<string, unknown>;
  if (typeof window !== 'string' || !windows.includes(window)) return { ok: false, error: `window must be one of ${windows.join(', ')}` };
  if (lang !== undefined && lang !== null && lang !== '' && (typeof lang !== 'string' || !LANGUAGE_CODE.test(lang))) {
    return { ok: false, error: 'lang must be an ISO 639 code such as en or ja' };
  }
  let normalizedTag: string | undefined;
  if (tag !== undefined && tag !== null && tag !== '') {
    const parsed = typeof tag === 'string' ? parseHashtag(tag) : { ok: false as const, reason: 'tag must be a string' };
    if (!parsed.ok) return { ok: false, error: `tag: ${parsed.reason}` };
    normalizedTag = parsed.tag;
  }
  const subscription: TrendsSubscription = {
    window,
    ...(typeof lang === 'string' && lang !== '' ? { lang } : {}),
    ...(normalizedTag ? { tag: normalizedTag } : {}),
  };
  return { ok: true, subscription, key: `trends:${window}:${subscription.lang ?? ''}:${subscription.tag ?? ''}` };
}
