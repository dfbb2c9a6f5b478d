import { createSeriesCache } from './series-cache';
import { getWordSeries } from './trends-api';

/** One cache for the whole page: sparklines and the series dialog share fetched series. */
export const seriesCache = createSeriesCache({
  fetchSeries: (word, query) => getWordSeries(word, query),
  now: () => Date.now(),
  // Only the default for callers that pass no max age; the sparklines (30 s) and the dialog (5 s) pass their own.
  ttlMs: 20_000,
  maxEntries: 200,
});
