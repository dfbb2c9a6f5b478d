import type { TrendWord } from '@trendstream/contracts/api-types';
import { useMemo } from 'react';
import { usePolling } from '../../../lib/use-polling';
import { getRisingWords, type TrendsQuery } from '../api/trends-api';
import { withoutMuted } from '../muted-words';

const RISING_REFRESH_MS = 5_000;

/** Words by trend score; only those above their baseline (score > 0) are "rising". */
export function rankRising(words: readonly TrendWord[], limit: number): TrendWord[] {
  return words
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1))
    .slice(0, limit);
}

/** The API's largest `limit`. */
const MAX_FETCH = 200;

export function useRisingWords(query: TrendsQuery, limit: number, muted: ReadonlySet<string>): { words: TrendWord[] | undefined; error: Error | undefined } {
  const { window, lang, tag } = query;
  // The server ranks by score (sort=score); ask for a few extra so leaving out score 0 and muted words still fills the list.
  const fetchLimit = Math.min(MAX_FETCH, limit * 2 + muted.size);
  // Not part of the key: muting hides the word at once, and the next poll asks for the larger list.
  const key = `${window}|${lang ?? ''}|${tag ?? ''}`;
  const polled = usePolling(key, (signal) => getRisingWords({ window, lang, tag }, fetchLimit, signal), RISING_REFRESH_MS);
  const words = useMemo(() => (polled.data ? rankRising(withoutMuted(polled.data.words, muted), limit) : undefined), [polled.data, limit, muted]);
  return { words, error: polled.error };
}
