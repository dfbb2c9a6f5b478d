/** The networks Trendstream reads; the Avro `network` field names one of them. */
export const NETWORKS = ['mastodon', 'bluesky', 'x'] as const;

export type Network = (typeof NETWORKS)[number];

/**
 * True for a network this code knows. `network` is an Avro string, not an enum, so that a network added later
 * does not break readers built before it: a decoded post may name one this reader does not know, and is still a
 * valid post (count it; narrow with this before relying on the name).
 */
export function isNetwork(name: string): name is Network {
  return (NETWORKS as readonly string[]).includes(name);
}

export interface PostAccount {
  acct: string;
  bot: boolean;
  discoverable: boolean | null;
  indexable: boolean | null;
  noindexInBio: boolean;
}

export type PostSource = 'stream' | 'rest' | 'replay';

/**
 * The `trendstream.Post` Avro record (avro/post.v2.avsc) as TypeScript sees it. `N` is what `network` may hold:
 * a writer writes a known Network (the default); a reader gets DecodedPost, whose network is any string.
 */
export interface Post<N extends string = Network> {
  /** Identity on its network, the dedupe and Kafka key: Mastodon status URI, Bluesky at:// URI, X https://x.com/i/web/status/<id>. */
  uri: string;
  statusId: string;
  instance: string;
  source: PostSource;
  url: string | null;
  /** Event time, epoch milliseconds. */
  createdAt: number;
  /** When ingest received it, epoch milliseconds. */
  receivedAt: number;
  language: string | null;
  text: string;
  spoilerText: string;
  hashtags: string[];
  isBoost: boolean;
  boostOfUri: string | null;
  sensitive: boolean;
  account: PostAccount;
  /** `mastodon` in data written before the field existed (post.v1), as the schema's default says. */
  network: N;
}

/** A post as read from the topic: written by any known schema version, possibly by a newer writer (see isNetwork). */
export type DecodedPost = Post<string>;

/** True when the author asked not to be indexed or discovered; ingest skips such posts by default. */
export function authorOptedOut(account: PostAccount): boolean {
  return account.discoverable === false || account.indexable === false || account.noindexInBio;
}
