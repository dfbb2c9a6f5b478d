import type { SeriesResponse, TrendsResponse } from '@trendstream/contracts/api-types';
import { requestJson, withQuery } from '../../../lib/api-client';

export interface TrendsQuery {
  window: string;
  lang?: string;
  tag?: string;
}

export function getRisingWords(query: TrendsQuery, limit: number, signal: AbortSignal): Promise<TrendsResponse> {
  return requestJson<TrendsResponse>(withQuery('/api/trends', { window: query.window, lang: query.lang, tag: query.tag, limit, sort: 'score' }), { signal });
}

export function getWordSeries(word: string, query: TrendsQuery, signal?: AbortSignal): Promise<SeriesResponse> {
  const path = withQuery(`/api/words/${encodeURIComponent(word)}/series`, { window: query.window, lang: query.lang, tag: query.tag });
  return requestJson<SeriesResponse>(path, { signal });
}
