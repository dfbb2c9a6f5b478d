/**
 * What the committed sample (ingest/sample/sample-posts.jsonl.gz) contains, as constants that tests and the
 * dashboard's end-to-end test can rely on. docs/data-format.md describes the same plan in prose.
 */

/** The settings the committed sample was generated with (`npm run sample:generate` defaults). */
export const SAMPLE_DEFAULTS = {
  count: 30_000,
  spanMs: 60 * 60_000,
  seed: 'trendstream',
  start: '2026-03-14T19:00:00.000Z',
} as const;

/**
 * The planted word that rises in the last quarter of the file and is the most frequent word (counted once per
 * post, stopwords aside, across all languages) from minute 50 to the end of the 60-minute sample.
 */
export const PLANTED_TOP_WORD = 'aurora';

/** Post languages and their shares of original posts; null is a post whose client set no language. */
export const SAMPLE_LANGUAGES: readonly { language: SampleLanguage; share: number }[] = [
  { language: 'en', share: 0.38 },
  { language: 'de', share: 0.16 },
  { language: 'ja', share: 0.14 },
  { language: 'es', share: 0.08 },
  { language: 'fr', share: 0.08 },
  { language: 'zh', share: 0.05 },
  { language: null, share: 0.11 },
];

export type SampleLanguage = 'en' | 'de' | 'ja' | 'es' | 'fr' | 'zh' | null;

/**
 * A burst: from `from` to `peak` (fractions of the file's span) the share of eligible original posts that are
 * about it rises linearly to `share`; after the peak it holds until `to` or, with `decays`, falls back to zero
 * at `to`. `extraRate` adds that fraction of posts per minute at the peak (the stream gets busier too).
 */
export interface SampleBurst {
  name: string;
  /** The word (or `#tag`) every burst post contains, as the processor's tokenizer yields it. */
  token: string;
  /** Hashtag attached to about half of the burst posts (display form; Mastodon's tags[].name is lowercase). */
  hashtag: string;
  languages: readonly SampleLanguage[];
  from: number;
  peak: number;
  to: number;
  decays: boolean;
  share: number;
  extraRate: number;
}

const MINUTE = 1 / 60;

export const SAMPLE_BURSTS: readonly SampleBurst[] = [
  // Eurovision night: a hashtag wave across European languages, minutes 10 to 18.
  {
    name: 'eurovision',
    token: '#eurovision',
    hashtag: 'Eurovision',
    languages: ['en', 'de', 'es', 'fr'],
    from: 10 * MINUTE,
    peak: 12 * MINUTE,
    to: 18 * MINUTE,
    decays: true,
    share: 0.25,
    extraRate: 0.15,
  },
  // An earthquake felt in Japan: a sharp spike of 地震 in Japanese posts, minutes 20 to 26.
  {
    name: 'earthquake',
    token: '地震',
    hashtag: '地震',
    languages: ['ja'],
    from: 20 * MINUTE,
    peak: 21 * MINUTE,
    to: 26 * MINUTE,
    decays: true,
    share: 0.6,
    extraRate: 0.1,
  },
  // A rail strike in Germany: Bahnstreik in German posts, minutes 30 to 42.
  {
    name: 'rail strike',
    token: 'bahnstreik',
    hashtag: 'Bahnstreik',
    languages: ['de'],
    from: 30 * MINUTE,
    peak: 33 * MINUTE,
    to: 42 * MINUTE,
    decays: true,
    share: 0.4,
    extraRate: 0.05,
  },
  // Northern lights seen far south: the planted top word, rising from minute 45 and holding to the end.
  {
    name: 'aurora',
    token: PLANTED_TOP_WORD,
    hashtag: 'Aurora',
    languages: ['en', 'de', 'es', null],
    from: 45 * MINUTE,
    peak: 50 * MINUTE,
    to: 1,
    decays: false,
    share: 0.45,
    extraRate: 0.4,
  },
];

/** Kinds of line and their shares of the file (the rest are original posts). */
export const SAMPLE_MIX = {
  /** A boost: a new status by the booster whose `reblog` is an earlier original. */
  boost: 0.08,
  /** An earlier original as read from a second instance: same uri, another id, url on that instance. */
  crossInstanceCopy: 0.04,
  /** An earlier line repeated byte for byte, as when a stream and a REST gap fill both deliver a status. */
  exactDuplicate: 0.01,
} as const;

/** Share of a burst on its eligible posts at a point of the file (`at` is a fraction of the span). */
export function burstShare(burst: SampleBurst, at: number): number {
  if (at < burst.from || at >= burst.to) return 0;
  if (at < burst.peak) return (burst.share * (at - burst.from)) / (burst.peak - burst.from);
  if (!burst.decays) return burst.share;
  return (burst.share * (burst.to - at)) / (burst.to - burst.peak);
}
