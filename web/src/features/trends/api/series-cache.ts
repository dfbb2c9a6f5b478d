import type { SeriesResponse } from '@trendstream/contracts/api-types';
import type { TrendsQuery } from './trends-api';

/**
 * Word series for the sparklines: a list of eight words refreshing each other's charts must not turn into
 * eight requests a second. Entries are fresh for `ttlMs`, concurrent reads share one request, and the least
 * recently used entries go first once `maxEntries` is reached. Time and fetching are injected.
 */
export interface SeriesCacheOptions {
  fetchSeries: (word: string, query: TrendsQuery) => Promise<SeriesResponse>;
  now: () => number;
  ttlMs: number;
  maxEntries: number;
}

interface Entry {
  value?: SeriesResponse;
  fetchedAt: number;
  inFlight?: Promise<SeriesResponse>;
}

export interface SeriesCache {
  /** A cached value, fresh or not, without fetching. */
  peek(word: string, query: TrendsQuery): SeriesResponse | undefined;
  /** The cached value when fresh enough, otherwise a new fetch (shared with any concurrent caller). */
  get(word: string, query: TrendsQuery, maxAgeMs?: number): Promise<SeriesResponse>;
  size(): number;
}

/** One word in one view (window, language, hashtag). */
export function seriesKey(word: string, query: TrendsQuery): string {
  return [query.window, query.lang ?? '', query.tag ?? '', word].join('\u0000');
}

export function createSeriesCache(options: SeriesCacheOptions): SeriesCache {
  const entries = new Map<string, Entry>();
  const keyOf = (word: string, query: TrendsQuery) => seriesKey(word, query);

  const touch = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  return {
    peek: (word, query) => entries.get(keyOf(word, query))?.value,
    get(word, query, maxAgeMs = options.ttlMs) {
      const key = keyOf(word, query);
      const entry = entries.get(key) ?? { fetchedAt: Number.NEGATIVE_INFINITY };
      touch(key, entry);
      if (entry.value && options.now() - entry.fetchedAt < maxAgeMs) return Promise.resolve(entry.value);
      if (entry.inFlight) return entry.inFlight;
      const request = options.fetchSeries(word, query).then(
        (value) => {
          entry.value = value;
          entry.fetchedAt = options.now();
          entry.inFlight = undefined;
          return value;
        },
        (error: unknown) => {
          entry.inFlight = undefined;
          throw error;
        },
      );
      entry.inFlight = request;
      return request;
    },
    size: () => entries.size,
  };
}
