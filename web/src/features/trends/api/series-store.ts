import { createSeriesCache } from './series-cache';
import { getWordSeries } from './trends-api';

/** One cache for the whole page: sparklines and the series dialog share fetched series. */
export const seriesCache = createSeriesCache({
  fetchSeries: (word, query) => getWordSeries(word, query),
  now: () => Date.now(),
  ttlMs: 20_000,
  maxEntries: 200,
});
