import type { TrendWord } from '@trendstream/contracts/api-types';
import { memo } from 'react';
import { formatCount, formatScore } from '../../../lib/format';
import type { TrendsQuery } from '../api/trends-api';
import { useWordSeries } from '../hooks/use-word-series';
import { Sparkline } from './sparkline';

/** Sparklines change slowly; refreshing them every half minute keeps the request rate modest. */
const SPARKLINE_REFRESH_MS = 30_000;

export interface RisingListProps {
  words: readonly TrendWord[];
  query: TrendsQuery;
  onOpenWord: (word: string) => void;
}

export const RisingList = memo(function RisingList({ words, query, onOpenWord }: RisingListProps) {
  return (
    <ol className="rising" aria-label="Rising words">
      {words.map((entry) => (
        <RisingItem key={entry.word} entry={entry} query={query} onOpenWord={onOpenWord} />
      ))}
    </ol>
  );
});

function RisingItem({ entry, query, onOpenWord }: { entry: TrendWord; query: TrendsQuery; onOpenWord: (word: string) => void }) {
  const { series } = useWordSeries(entry.word, query, SPARKLINE_REFRESH_MS);
  return (
    <li className="rising__item" data-word={entry.word} data-score={entry.score}>
      <button type="button" className="rising__button" onClick={() => onOpenWord(entry.word)}>
        <span className="rising__word" dir="auto">
          {entry.word}
        </span>
        <span className="rising__meta">
          <span className="rising__score" title="Trend score: how far above its usual level">
            <span aria-hidden="true">▲ </span>
            {formatScore(entry.score)}
            <span className="sr-only"> trend score,</span>
          </span>
          <span className="rising__count">
            {formatCount(entry.count)}
            <span className="sr-only"> posts</span>
          </span>
        </span>
      </button>
      <Sparkline points={series?.points} />
    </li>
  );
}
