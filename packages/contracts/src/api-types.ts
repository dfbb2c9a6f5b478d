import type { Network } from './post.js';

/** Response bodies of the processor's HTTP API (docs/api.md). Dates are ISO 8601 strings. */
export interface TrendWord {
  word: string;
  count: number;
  /** How unusual the count is against the word's own recent baseline; higher is rising. */
  score: number;
  /**
   * Present when score > 0: the times its usual rate the word ran at the moment its score was held from
   * (observed / expected, one decimal). 0 when isNew.
   */
  ratio?: number;
  /** Present when score > 0: true when the word was absent from its baseline, i.e. new rather than rising. */
  isNew?: boolean;
}

export interface TrendsResponse {
  window: string;
  /** The watermark the window ends at. */
  asOf: string;
  lang?: string;
  tag?: string;
  words: TrendWord[];
}

export interface SeriesPoint {
  /** Bucket start. */
  t: string;
  count: number;
}

export interface SeriesResponse {
  word: string;
  window: string;
  bucketSeconds: number;
  asOf: string;
  points: SeriesPoint[];
}

export interface HashtagsResponse {
  hashtags: string[];
}

export type DependencyState = 'up' | 'down';

export type InstanceState = 'starting' | 'streaming' | 'polling' | 'backing-off' | 'unauthorized' | 'disabled' | 'stopped';

export interface InstanceHealth {
  instance: string;
  /** The network the source reads; absent in reports of an ingest that predates the field (then Mastodon). */
  network?: Network;
  state: InstanceState;
  detail?: string;
  postsPerSecond?: number;
  updatedAt: string;
  /** Set by the processor: true when this report is older than SOURCE_STALE_AFTER_SECONDS (the ingest is gone or silent). */
  stale?: boolean;
  /** Set by the processor: seconds since `updatedAt`, by the processor's clock. */
  reportAgeSeconds?: number;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  kafka: DependencyState;
  mysql: DependencyState;
  consumerLag: number | null;
  watermark: string | null;
  watermarkAgeSeconds: number | null;
  postsPerSecond: number;
  latePosts: number;
  deadLetters: number;
  /** True when the newest posts came from a replay file rather than live instances. */
  replay: boolean;
  instances: InstanceHealth[];
}
