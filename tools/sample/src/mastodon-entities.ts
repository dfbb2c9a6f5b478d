/**
 * The Mastodon API entities the generator writes, in the API's snake_case
 * (https://docs.joinmastodon.org/entities/Status/). Only what a generated post needs; every field present is
 * shaped as Mastodon 4.3 serves it.
 */
export interface CustomEmojiJson {
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
}

/**
 * The Account entity, less its decorative fields (avatar and header images, created_at, follower and status
 * counts, last_status_at): they carry most of an account's bytes and none of what Trendstream reads, and
 * leaving them out keeps the committed sample small. Real recordings have them; parsers ignore them.
 */
export interface AccountJson {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean | null;
  /** Absent on servers older than Mastodon 4.2. */
  indexable?: boolean;
  group: boolean;
  note: string;
  url: string;
  uri: string;
  emojis: CustomEmojiJson[];
  fields: { name: string; value: string; verified_at: string | null }[];
}

export interface MentionJson {
  id: string;
  username: string;
  url: string;
  acct: string;
}

export interface TagJson {
  name: string;
  url: string;
}

export interface MediaAttachmentJson {
  id: string;
  type: 'image';
  url: string;
  preview_url: string;
  remote_url: string | null;
  preview_remote_url: string | null;
  text_url: string | null;
  meta: { original: { width: number; height: number; size: string; aspect: number } };
  description: string;
  blurhash: string;
}

export interface StatusJson {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: 'public';
  language: string | null;
  uri: string;
  url: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  edited_at: string | null;
  content: string;
  reblog: StatusJson | null;
  account: AccountJson;
  media_attachments: MediaAttachmentJson[];
  mentions: MentionJson[];
  tags: TagJson[];
  emojis: CustomEmojiJson[];
  card: null;
  poll: null;
}

/**
 * Mastodon's ids: milliseconds since the Unix epoch shifted left 16 bits, plus a 16-bit sequence
 * (lib/mastodon/snowflake.rb), so they sort by time and differ between instances.
 */
export function snowflakeId(ms: number, sequence: number): string {
  return ((BigInt(Math.floor(ms)) << 16n) | BigInt(sequence & 0xffff)).toString();
}

export function customEmoji(host: string, shortcode: string, index: number): CustomEmojiJson {
  const url = `https://${host}/system/custom_emojis/images/000/000/${String(100 + index).padStart(3, '0')}/original/${shortcode}.png`;
  return { shortcode, url, static_url: url.replace('/original/', '/static/'), visible_in_picker: true };
}
