import type { SeriesResponse } from '@trendstream/schema/api-types';
import { useEffect, useState } from 'react';
import { seriesCache } from '../api/series-store';

export interface WordSeriesState {
  series: SeriesResponse | undefined;
  error: Error | undefined;
}

/** The series of one word, from the shared cache, refreshed every `refreshMs` while mounted. */
export function useWordSeries(word: string, window: string, refreshMs: number): WordSeriesState {
  const key = `${window}\u0000${word}`;
  const [state, setState] = useState<WordSeriesState & { key: string }>(() => ({ key, series: seriesCache.peek(word, window), error: undefined }));

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const series = await seriesCache.get(word, window, refreshMs);
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
  }, [key, word, window, refreshMs]);

  if (state.key !== key) return { series: seriesCache.peek(word, window), error: undefined };
  return { series: state.series, error: state.error };
}
