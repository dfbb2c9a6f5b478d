import { parseHashtag } from '@trendstream/contracts/hashtag';
import { normalizeLanguage } from '@trendstream/contracts/language';
import { DEFAULT_SUBSCRIPTION, type TrendsSubscription } from '@trendstream/contracts/socket-events';

export type SubscriptionCheck = { ok: true; subscription: TrendsSubscription; key: string } | { ok: false; error: string };

/** The window a client gets when it names none: the contract's 5m, or the first one offered when 5m is not. */
export function defaultWindow(windows: readonly string[]): string {
  return windows.includes(DEFAULT_SUBSCRIPTION.window) ? DEFAULT_SUBSCRIPTION.window : (windows[0] ?? DEFAULT_SUBSCRIPTION.window);
}

const isUnset = (value: unknown): boolean => value === undefined || value === null || value === '';

/** Validates what a client asks to follow; the key names the room its deltas go to. */
export function checkSubscription(input: unknown, windows: readonly string[]): SubscriptionCheck {
  if (typeof input !== 'object' || input === null) return { ok: false, error: 'subscription must be an object { window, lang?, tag? }' };
  const { window: requestedWindow, lang, tag } = input as Record<string, unknown>;
  const window = isUnset(requestedWindow) ? defaultWindow(windows) : requestedWindow;
  if (typeof window !== 'string' || !windows.includes(window)) return { ok: false, error: `window must be one of ${windows.join(', ')}` };
  let language: string | undefined;
  if (!isUnset(lang)) {
    language = (typeof lang === 'string' && normalizeLanguage(lang)) || undefined;
    if (!language) return { ok: false, error: 'lang must be an ISO 639 code such as en or ja' };
  }
  let normalizedTag: string | undefined;
  if (!isUnset(tag)) {
    const parsed = typeof tag === 'string' ? parseHashtag(tag) : { ok: false as const, reason: 'tag must be a string' };
    if (!parsed.ok) return { ok: false, error: `tag: ${parsed.reason}` };
    normalizedTag = parsed.tag;
  }
  const subscription: TrendsSubscription = { window, ...(language ? { lang: language } : {}), ...(normalizedTag ? { tag: normalizedTag } : {}) };
  return { ok: true, subscription, key: `trends:${window}:${subscription.lang ?? ''}:${subscription.tag ?? ''}` };
}
