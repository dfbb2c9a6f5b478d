import type { TrendWord } from '@trendstream/contracts/api-types';
import { useMemo } from 'react';
import { usePolling } from '../../../lib/use-polling';
import { getRisingWords, type TrendsQuery } from '../api/trends-api';

const RISING_REFRESH_MS = 5_000;

/** Words by trend score; only those above their baseline (score > 0) are "rising". */
export function rankRising(words: readonly TrendWord[], limit: number): TrendWord[] {
  return words
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1))
    .slice(0, limit);
}

export function useRisingWords(query: TrendsQuery, limit: number): { words: TrendWord[] | undefined; error: Error | undefined } {
  const { window, lang, tag } = query;
  const key = `${window}|${lang ?? ''}|${tag ?? ''}`;
  // The server ranks by score (sort=score); ask for a few extra so filtering out score 0 still fills the list.
  const polled = usePolling(key, (signal) => getRisingWords({ window, lang, tag }, limit * 2, signal), RISING_REFRESH_MS);
  const words = useMemo(() => (polled.data ? rankRising(polled.data.words, limit) : undefined), [polled.data, limit]);
  return { words, error: polled.error };
}
