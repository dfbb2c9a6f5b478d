import type { SeriesResponse } from '@trendstream/contracts/api-types';
import { useEffect, useState } from 'react';
import { seriesKey } from '../api/series-cache';
import { seriesCache } from '../api/series-store';
import type { TrendsQuery } from '../api/trends-api';

export interface WordSeriesState {
  series: SeriesResponse | undefined;
  error: Error | undefined;
}

/** The series of one word in one view, from the shared cache, refreshed every `refreshMs` while mounted. */
export function useWordSeries(word: string, query: TrendsQuery, refreshMs: number): WordSeriesState {
  const { window, lang, tag } = query;
  const key = seriesKey(word, query);
  const [state, setState] = useState<WordSeriesState & { key: string }>(() => ({ key, series: seriesCache.peek(word, query), error: undefined }));

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const series = await seriesCache.get(word, { window, lang, tag }, refreshMs);
        if (!cancelled) setState({ key, series, error: undefined });
      } catch (error) {
        if (!cancelled) setState((previous) => ({ ...previous, key, error: error instanceof Error ? error : new Error(String(error)) }));
      }
      if (!cancelled) timer = setTimeout(() => void load(), refreshMs);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, word, window, lang, tag, refreshMs]);

  if (state.key !== key) return { series: seriesCache.peek(word, { window, lang, tag }), error: undefined };
  return { series: state.series, error: state.error };
}
