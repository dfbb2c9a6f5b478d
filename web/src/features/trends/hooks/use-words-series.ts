import type { SeriesResponse } from '@trendstream/contracts/api-types';
import { useEffect, useState } from 'react';
import { seriesKey } from '../api/series-cache';
import { seriesCache } from '../api/series-store';
import type { TrendsQuery } from '../api/trends-api';

export interface WordsSeriesState {
  series: ReadonlyMap<string, SeriesResponse>;
  error: Error | undefined;
}

function peekAll(words: readonly string[], query: TrendsQuery): Map<string, SeriesResponse> {
  const found = new Map<string, SeriesResponse>();
  for (const word of words) {
    const cached = seriesCache.peek(word, query);
    if (cached) found.set(word, cached);
  }
  return found;
}

/**
 * The series of a few words in one view, from the page's shared cache (so a word already in a sparkline or
 * the dialog costs no request), refreshed together every `refreshMs` while mounted.
 */
export function useWordsSeries(words: readonly string[], query: TrendsQuery, refreshMs: number): WordsSeriesState {
  const { window, lang, tag } = query;
  // Words never hold a line break (the tokenizer splits on white space): a stable key for the list.
  const wordList = words.join('\n');
  const key = `${seriesKey('', { window, lang, tag })}\n${wordList}`;
  const [state, setState] = useState<WordsSeriesState & { key: string }>(() => ({ key, series: peekAll(words, query), error: undefined }));

  useEffect(() => {
    const list = wordList ? wordList.split('\n') : [];
    const view = { window, lang, tag };
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const results = await Promise.allSettled(list.map((word) => seriesCache.get(word, view, refreshMs)));
      if (cancelled) return;
      const series = new Map<string, SeriesResponse>();
      let error: Error | undefined;
      results.forEach((result, index) => {
        const word = list[index] ?? '';
        if (result.status === 'fulfilled') series.set(word, result.value);
        else {
          const previous = seriesCache.peek(word, view);
          if (previous) series.set(word, previous);
          error ??= result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        }
      });
      setState({ key, series, error });
      timer = setTimeout(() => void load(), refreshMs);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, wordList, window, lang, tag, refreshMs]);

  if (state.key !== key) return { series: peekAll(words, { window, lang, tag }), error: undefined };
  return state;
}
