import { parseHashtag, type HashtagCheck } from '@trendstream/contracts/hashtag';
import { normalizeLanguage } from '@trendstream/contracts/language';
import { DEFAULT_SUBSCRIPTION, type TrendsSubscription } from '@trendstream/contracts/socket-events';

// The rules for window, lang and tag, shared by socket.io subscriptions and the HTTP API (docs/api.md), so a
// value one accepts the other accepts too, normalized the same way.

export type SubscriptionCheck = { ok: true; subscription: TrendsSubscription; key: string } | { ok: false; error: string };

/** A parameter's value once checked: `undefined` when it was not given. Errors leave out the parameter's name. */
export type ParamCheck = { ok: true; value: string | undefined } | { ok: false; error: string };

/** The window a client gets when it names none: the contract's 5m, or the first one offered when 5m is not. */
export function defaultWindow(windows: readonly string[]): string {
  return windows.includes(DEFAULT_SUBSCRIPTION.window) ? DEFAULT_SUBSCRIPTION.window : (windows[0] ?? DEFAULT_SUBSCRIPTION.window);
}

/** Absent, null, empty or only spaces: not given, as a form's `?lang=` or a client's `lang: null` means. */
export const isUnset = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function checkWindow(value: unknown, windows: readonly string[]): ParamCheck {
  if (isUnset(value)) return { ok: true, value: undefined };
  // Never echoes the value: it may be a megabyte long.
  if (typeof value !== 'string' || !windows.includes(value)) return { ok: false, error: `must be one of ${windows.join(', ')}` };
  return { ok: true, value };
}

/** A language read the way posts are stored: `EN-us` is `en`. */
export function checkLang(value: unknown): ParamCheck {
  if (isUnset(value)) return { ok: true, value: undefined };
  const language = typeof value === 'string' ? normalizeLanguage(value) : null;
  return language ? { ok: true, value: language } : { ok: false, error: 'must be an ISO 639 code such as en or ja' };
}

export function checkTag(value: unknown): ParamCheck {
  if (isUnset(value)) return { ok: true, value: undefined };
  if (typeof value !== 'string') return { ok: false, error: 'must be a string' };
  const parsed = parseTag(value);
  return parsed.ok ? { ok: true, value: parsed.tag } : { ok: false, error: parsed.reason };
}

/**
 * A hashtag as Mastodon validates it, normalized, and no longer than 100 characters once normalized (the
 * `scope` column that counts posts carrying it is VARCHAR(101)).
 */
export const parseTag: (input: string) => HashtagCheck = parseHashtag;

/** Validates what a client asks to follow; the key names the room its deltas go to. */
export function checkSubscription(input: unknown, windows: readonly string[]): SubscriptionCheck {
  // JSON objects only: an array or a binary attachment (a Buffer) is not a subscription.
  if (Object.prototype.toString.call(input) !== '[object Object]') return { ok: false, error: 'subscription must be an object { window, lang?, tag? }' };
  const fields = input as Record<string, unknown>;
  const window = checkWindow(fields.window, windows);
  if (!window.ok) return { ok: false, error: `window ${window.error}` };
  const lang = checkLang(fields.lang);
  if (!lang.ok) return { ok: false, error: `lang ${lang.error}` };
  const tag = checkTag(fields.tag);
  if (!tag.ok) return { ok: false, error: `tag: ${tag.error}` };
  const subscription: TrendsSubscription = {
    window: window.value ?? defaultWindow(windows),
    ...(lang.value ? { lang: lang.value } : {}),
    ...(tag.value ? { tag: tag.value } : {}),
  };
  return { ok: true, subscription, key: roomKey(subscription) };
}

/** Distinct for distinct subscriptions: languages and normalized tags hold no `:`. */
export function roomKey({ window, lang, tag }: TrendsSubscription): string {
  return `trends:${window}:${lang ?? ''}:${tag ?? ''}`;
}
