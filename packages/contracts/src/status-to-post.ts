import { normalizeHashtag } from './hashtag.js';
import { htmlToText } from './html-to-text.js';
import type { MastodonAccount, MastodonStatus } from './mastodon-status.js';
import { mastodonStatusSchema } from './mastodon-status.js';
import type { Post, PostAccount, PostSource } from './post.js';
import { normalizeLanguage } from './language.js';

/** Remote posts can be any length; nothing we count needs more than this many characters. */
export const MAX_TEXT_LENGTH = 10_000;
const MAX_HASHTAGS = 64;
const OPT_OUT_IN_BIO = /#no(?:bot|index)\b/iu;

export interface PostOrigin {
  /** Host name of the instance the status was read from. */
  instance: string;
  source: PostSource;
  receivedAt: number;
}

export type StatusParse = { ok: true; post: Post } | { ok: false; reason: string };

/** Validates untrusted JSON as a Mastodon status and maps it to a Post; never throws. */
export function parseStatus(json: unknown, origin: PostOrigin): StatusParse {
  const parsed = mastodonStatusSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join('.') || 'status'}: ${issue.message}` : 'not a Mastodon status' };
  }
  return { ok: true, post: statusToPost(parsed.data, origin) };
}

/**
 * The one mapping from a Mastodon status to a Post, shared by live ingest and replay so both produce the
 * same record. A boost keeps the booster's identity and time but carries the original's text and tags; the
 * processor counts no words for it.
 */
export function statusToPost(status: MastodonStatus, origin: PostOrigin): Post {
  const original = status.reblog ?? status;
  const text = htmlToText(original.content).slice(0, MAX_TEXT_LENGTH);
  const hashtags = [...new Set((original.tags ?? []).map((tag) => normalizeHashtag(tag.name)).filter((name) => name.length > 0))];
  return {
    uri: status.uri,
    statusId: status.id,
    instance: origin.instance,
    source: origin.source,
    url: status.url ?? null,
    createdAt: Date.parse(status.created_at),
    receivedAt: origin.receivedAt,
    language: normalizeLanguage(original.language),
    text,
    // Unlike `content`, a content warning is plain text: `<` and `&amp;` in it are what the author typed.
    spoilerText: (original.spoiler_text ?? '').trim().slice(0, MAX_TEXT_LENGTH),
    hashtags: hashtags.slice(0, MAX_HASHTAGS),
    isBoost: status.reblog != null,
    boostOfUri: status.reblog?.uri ?? null,
    sensitive: original.sensitive ?? false,
    account: toPostAccount(status.account),
    network: 'mastodon',
  };
}

export function toPostAccount(account: MastodonAccount): PostAccount {
  return {
    acct: account.acct,
    bot: account.bot ?? false,
    discoverable: account.discoverable ?? null,
    indexable: account.indexable ?? null,
    noindexInBio: OPT_OUT_IN_BIO.test(htmlToText(account.note ?? '')),
  };
}
