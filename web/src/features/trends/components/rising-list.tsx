import type { TrendWord } from '@trendstream/contracts/api-types';
import { memo, useId } from 'react';
import { formatCount } from '../../../lib/format';
import type { TrendsQuery } from '../api/trends-api';
import { useWordSeries } from '../hooks/use-word-series';
import { riseLabel } from '../rise';
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
  const descriptionId = useId();
  const { series } = useWordSeries(entry.word, query, SPARKLINE_REFRESH_MS);
  const rise = riseLabel(entry);
  return (
    <li className="rising__item" data-word={entry.word} data-score={entry.score}>
      {/* The tooltip and the description say what the figure means and give the raw score. */}
      <button type="button" className="rising__button" onClick={() => onOpenWord(entry.word)} title={rise.title} aria-describedby={descriptionId}>
        <span className="rising__word" dir="auto">
          {entry.word}
        </span>
        <span className="rising__meta">
          <span className={entry.isNew ? 'rising__score rising__score--new' : 'rising__score'}>
            <span aria-hidden="true">{rise.text}</span>
            <span className="sr-only">, {rise.spoken},</span>
          </span>
          <span className="rising__count">
            {formatCount(entry.count)}
            <span className="sr-only"> posts</span>
          </span>
        </span>
      </button>
      <span id={descriptionId} hidden>
        {rise.title}
      </span>
      <Sparkline points={series?.points} />
    </li>
  );
}
