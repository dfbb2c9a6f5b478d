/**
 * X API v2 Post objects (https://docs.x.com/x-api/fundamentals/data-dictionary) and builders of realistic ones
 * for tests. As X writes them: `text` has `&`, `<` and `>` escaped as HTML entities, and entity offsets count
 * Unicode **code points** of that text (an emoji is one, not two as in a JavaScript string's length).
 */
export interface XSpan {
  start: number;
  end: number;
}

export interface XEntities {
  hashtags?: (XSpan & { tag: string })[];
  mentions?: (XSpan & { username: string; id?: string })[];
  urls?: (XSpan & { url: string; expanded_url?: string; display_url?: string })[];
  cashtags?: (XSpan & { tag: string })[];
}

export interface XTweet {
  id: string;
  text: string;
  edit_history_tweet_ids?: string[];
  created_at?: string;
  lang?: string;
  author_id?: string;
  possibly_sensitive?: boolean;
  entities?: XEntities;
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  note_tweet?: { text: string; entities?: XEntities };
  [field: string]: unknown;
}

export interface XTweetInput {
  /** Plain text; it is escaped as X escapes it, and its #tags, @mentions and URLs become entities. */
  text: string;
  id?: string;
  lang?: string;
  authorId?: string;
  /** ISO 8601; now unless given. */
  createdAt?: string;
  /** Makes it a retweet of that post id. */
  retweetOf?: string;
}

/** Twitter's epoch (2010-11-04T01:42:54.657Z), where Snowflake ids count from. */
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
let sequence = 0n;

/** A fresh Snowflake-shaped post id: milliseconds since Twitter's epoch, then 22 bits of sequence. */
export function xPostId(now = Date.now()): string {
  sequence = (sequence + 1n) % (1n << 22n);
  return String(((BigInt(now) - TWITTER_EPOCH_MS) << 22n) | sequence);
}

/** How X writes `&`, `<` and `>` in a post's text. */
export function escapeXText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const ENTITY =
  /(?<url>https?:\/\/\S+)|(?<=^|[^\p{L}\p{N}_])(?:#(?<tag>[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)|@(?<user>[A-Za-z0-9_]{1,15})|\$(?<cash>[A-Za-z]{1,6}))/gu;

/** The entities of an (already escaped) text, with code-point offsets. */
export function xEntitiesOf(text: string): XEntities {
  const entities: Required<XEntities> = { hashtags: [], mentions: [], urls: [], cashtags: [] };
  for (const match of text.matchAll(ENTITY)) {
    const start = Array.from(text.slice(0, match.index)).length;
    const end = start + Array.from(match[0]).length;
    const { url, tag, user, cash } = match.groups ?? {};
    if (url) entities.urls.push({ start, end, url, expanded_url: url, display_url: url.replace(/^https?:\/\//u, '') });
    else if (tag) entities.hashtags.push({ start, end, tag });
    else if (user) entities.mentions.push({ start, end, username: user });
    else if (cash) entities.cashtags.push({ start, end, tag: cash });
  }
  return Object.fromEntries(Object.entries(entities).filter(([, list]) => list.length > 0));
}

/** A Post object as the stream carries it with `tweet.fields=created_at,lang,entities,referenced_tweets,author_id`. */
export function xTweet(input: XTweetInput): XTweet {
  const id = input.id ?? xPostId();
  const text = escapeXText(input.text);
  return {
    id,
    text,
    edit_history_tweet_ids: [id],
    created_at: input.createdAt ?? new Date().toISOString(),
    ...(input.lang === undefined ? {} : { lang: input.lang }),
    author_id: input.authorId ?? '1000',
    entities: xEntitiesOf(text),
    ...(input.retweetOf === undefined ? {} : { referenced_tweets: [{ type: 'retweeted' as const, id: input.retweetOf }] }),
  };
}
