/**
 * Text a generated post is made of, per language. `{t}` in a frame is replaced by a topic; topics are listed
 * most common first (the generator picks them with a rank-frequency skew), so they are the steady words.
 */
export interface LanguageCorpus {
  frames: readonly string[];
  topics: readonly string[];
  /** Short sentences that can follow a frame. */
  extras: readonly string[];
  /** Hashtags as authors type them; Mastodon's tags[].name is their lowercase form. */
  hashtags: readonly string[];
  /** Sentences for a burst, by burst name (see sample-plan.ts); each contains the burst's token. */
  bursts: Readonly<Record<string, readonly string[]>>;
  /** Usernames (ASCII, as Mastodon requires) and matching display names. */
  people: readonly { username: string; displayName: string }[];
  /** Profile notes (plain text). */
  notes: readonly string[];
  /** Instances whose accounts mostly post in this language. */
  instances: readonly string[];
  /** Alt text for an attached picture. */
  altTexts: readonly string[];
}
