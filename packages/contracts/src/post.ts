/** The `trendstream.Post` Avro record (avro/post.v1.avsc) as TypeScript sees it. */
export interface PostAccount {
  acct: string;
  bot: boolean;
  discoverable: boolean | null;
  indexable: boolean | null;
  noindexInBio: boolean;
}

export type PostSource = 'stream' | 'rest' | 'replay';

export interface Post {
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
}

/** True when the author asked not to be indexed or discovered; ingest skips such posts by default. */
export function authorOptedOut(account: PostAccount): boolean {
  return account.discoverable === false || account.indexable === false || account.noindexInBio;
}
