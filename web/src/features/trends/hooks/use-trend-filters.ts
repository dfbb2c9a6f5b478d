import { useCallback, useEffect, useState } from 'react';
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

export function searchFromFilters(filters: TrendFilters): string {
  const params = new URLSearchParams();
  if (filters.window !== DEFAULT_WINDOW) params.set('window', filters.window);
  if (filters.lang) params.set('lang', filters.lang);
  if (filters.tag) params.set('tag', filters.tag);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The chosen window and filters, kept in the address so a reload or a shared link shows the same view. */
export function useTrendFilters(): [TrendFilters, (change: Partial<TrendFilters>) => void] {
  const [filters, setFilters] = useState(() => filtersFromSearch(window.location.search));
  useEffect(() => {
    const search = searchFromFilters(filters);
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }, [filters]);
  const update = useCallback((change: Partial<TrendFilters>) => setFilters((previous) => ({ ...previous, ...change })), []);
  return [filters, update];
}
