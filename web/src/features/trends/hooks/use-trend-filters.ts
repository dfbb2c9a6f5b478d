import { useCallback, useEffect, useState } from 'react';
import { replaceSearch, withParams } from '../address';
import { DEFAULT_WINDOW, isLanguage, isTrendWindow, type TrendWindow } from '../trend-options';

export interface TrendFilters {
  window: TrendWindow;
  /** '' for every language. */
  lang: string;
  /** '' for all posts, otherwise one followed hashtag (without '#'). */
  tag: string;
}

export function filtersFromSearch(search: string): TrendFilters {
  const params = new URLSearchParams(search);
  const window = params.get('window');
  const lang = params.get('lang');
  const tag = params.get('tag');
  return {
    window: isTrendWindow(window) ? window : DEFAULT_WINDOW,
    lang: lang && isLanguage(lang) ? lang : '',
    tag: tag ?? '',
  };
}

/** `current` with window, lang and tag set from `filters` (defaults left out); other parameters are kept. */
export function searchFromFilters(filters: TrendFilters, current = ''): string {
  return withParams(current, { window: filters.window === DEFAULT_WINDOW ? undefined : filters.window, lang: filters.lang, tag: filters.tag });
}

/** The chosen window and filters, kept in the address so a reload or a shared link shows the same view. */
export function useTrendFilters(): [TrendFilters, (change: Partial<TrendFilters>) => void] {
  const [filters, setFilters] = useState(() => filtersFromSearch(window.location.search));
  useEffect(() => {
    replaceSearch(searchFromFilters(filters, window.location.search));
  }, [filters]);
  const update = useCallback((change: Partial<TrendFilters>) => setFilters((previous) => ({ ...previous, ...change })), []);
  return [filters, update];
}
