import { z } from 'zod';
import { normalizeLanguage } from '@trendstream/contracts/language';
import type { Post } from '@trendstream/contracts/post';
import { MAX_TEXT_LENGTH } from '@trendstream/contracts/status-to-post';
import { declaredEventTime, validHashtags } from '../sources/post-rules.js';
import { hashtagsInText, textWithoutSpans } from './x-post-text.js';

/**
 * What X writes in `lang` when it names no language (https://github.com/igorbrigadir/twitter-advanced-search,
 * the `lang:` operator): undetermined, or a post of only mentions, cashtags, hashtags, media links, very
 * short text, or media and cards without text.
 */
const NOT_A_LANGUAGE = new Set(['und', 'qam', 'qct', 'qht', 'qme', 'qst', 'zxx']);
/** Old ISO 639 codes X still sends for a few languages. */
const RENAMED_LANGUAGES: Readonly<Record<string, string>> = { in: 'id', iw: 'he', ji: 'yi' };

export interface XPostContext {
  /** The API host the post was read from. */
  instance: string;
  receivedAt: number;
}

const spanSchema = z.object({ start: z.number().int(), end: z.number().int() });
const hashtagSchema = z.object({ tag: z.string().max(640) });
const entitiesSchema = z
  .object({ urls: z.array(z.unknown()).max(512), mentions: z.array(z.unknown()).max(512), hashtags: z.array(z.unknown()).max(512) })
  .partial();

/** The fields of a v2 Post object the ingest reads; any other field, or a field missing, is fine. */
export const xPostSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/u, 'a post id is a decimal string'),
  text: z.string().max(100_000).default(''),
  created_at: z.string().max(64).optional(),
  lang: z.string().max(35).optional(),
  author_id: z.string().max(64).optional(),
  possibly_sensitive: z.boolean().optional(),
  entities: z.unknown().optional(),
  referenced_tweets: z.array(z.unknown()).max(64).optional(),
  /** A post longer than 280 characters: `text` is cut short, this holds all of it and its entities. */
  note_tweet: z
    .object({ text: z.string().max(100_000), entities: z.unknown().optional() })
    .loose()
    .optional(),
});

export type XPostData = z.infer<typeof xPostSchema>;

/** The identity of a post on X, and where a person opens it: the same URL (the id alone is ambiguous downstream). */
export function xPostUri(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}

/** A v2 Post object (already validated) as the pipeline's Post. Pure. */
export function toXPost(data: XPostData, context: XPostContext): Post {
  const body = data.note_tweet ?? { text: data.text, entities: data.entities };
  const entities = entitiesSchema.safeParse(body.entities ?? {});
  const found = entities.success ? entities.data : {};
  const spans = [...(found.urls ?? []), ...(found.mentions ?? [])].flatMap((item) => {
    const span = spanSchema.safeParse(item);
    return span.success ? [span.data] : [];
  });
  const tagNames =
    body.entities === undefined
      ? hashtagsInText(body.text)
      : (found.hashtags ?? []).flatMap((item) => {
          const tag = hashtagSchema.safeParse(item);
          return tag.success ? [tag.data.tag] : [];
        });
  const uri = xPostUri(data.id);
  const boostOf = retweetedId(data.referenced_tweets ?? []);
  return {
    uri,
    statusId: data.id,
    instance: context.instance,
    network: 'x',
    source: 'stream',
    url: uri,
    createdAt: xEventTime(data.created_at, context.receivedAt),
    receivedAt: context.receivedAt,
    language: xLanguage(data.lang),
    text: textWithoutSpans(body.text, spans).slice(0, MAX_TEXT_LENGTH),
    spoilerText: '',
    hashtags: validHashtags(tagNames),
    isBoost: boostOf !== undefined,
    boostOfUri: boostOf === undefined ? null : xPostUri(boostOf),
    sensitive: data.possibly_sensitive ?? false,
    // No `expansions=author_id`: X bills every user object it returns, and the handle is not needed downstream.
    account: { acct: data.author_id ?? 'unknown', bot: false, discoverable: null, indexable: null, noindexInBio: false },
  };
}

/** `lang` as a base ISO 639 code, or null for X's codes that name no language. */
export function xLanguage(lang: string | undefined): string | null {
  const base = normalizeLanguage(lang);
  if (base === null || NOT_A_LANGUAGE.has(base)) return null;
  return RENAMED_LANGUAGES[base] ?? base;
}

/**
 * `created_at` is the event time as long as it is a date and not more than 5 minutes in the future of our
 * clock; otherwise (absent, garbled, or a skewed clock) the time we received the post stands in.
 */
export function xEventTime(createdAt: string | undefined, receivedAt: number): number {
  return declaredEventTime(createdAt, receivedAt);
}

function retweetedId(references: readonly unknown[]): string | undefined {
  for (const reference of references) {
    const parsed = z.object({ type: z.string(), id: z.string().regex(/^\d{1,20}$/u) }).safeParse(reference);
    if (parsed.success && parsed.data.type === 'retweeted') return parsed.data.id;
  }
  return undefined;
}
