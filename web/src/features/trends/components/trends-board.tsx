import { useCallback, useId, useMemo, useState } from 'react';
import { formatClock } from '../../../lib/format';
import type { TrendFilters } from '../hooks/use-trend-filters';
import { useRisingWords } from '../hooks/use-rising-words';
import { sameSubscription } from '../live/trends-follower';
import type { TrendsView } from '../live/trends-stream';
import { LANGUAGES, RISING_LIMIT, TOP_WORDS_LIMIT, windowLabel } from '../trend-options';
import { RisingList } from './rising-list';
import { TopWordsChart } from './top-words-chart';
import { WordSeriesDialog } from './word-series-dialog';

export interface TrendsBoardProps {
  view: TrendsView;
  filters: TrendFilters;
}

function describeScope(filters: TrendFilters): string {
  const label = windowLabel(filters.window);
  const parts = [`last ${label}`];
  if (filters.lang) parts.push(LANGUAGES.find((option) => option.value === filters.lang)?.label ?? filters.lang);
  if (filters.tag) parts.push(`posts with #${filters.tag}`);
  return parts.join(' · ');
}

/** The live part of the page: the top words chart, the rising list and the series dialog. */
export function TrendsBoard({ view, filters }: TrendsBoardProps) {
  const topId = useId();
  const risingId = useId();
  const [openWord, setOpenWord] = useState<string | null>(null);
  const onOpenWord = useCallback((word: string) => setOpenWord(word), []);
  const onCloseWord = useCallback(() => setOpenWord(null), []);
  const query = useMemo(() => ({ window: filters.window, lang: filters.lang, tag: filters.tag }), [filters.window, filters.lang, filters.tag]);
  const rising = useRisingWords(query, RISING_LIMIT);
  const risingSet = useMemo(() => new Set(rising.words?.map((entry) => entry.word)), [rising.words]);

  const loading = view.dataSubscription === null || !sameSubscription(view.dataSubscription, view.subscription);
  const scope = describeScope(filters);

  return (
    <div className="board">
      <section className="card board__top" aria-labelledby={topId} aria-busy={loading}>
        <header className="card__header">
          <h2 id={topId}>Top words</h2>
          <p className="card__subtitle">
            {scope}
            {view.asOf && !loading && (
              <>
                {' · as of '}
                <time dateTime={view.asOf}>{formatClock(view.asOf)}</time>
              </>
            )}
          </p>
          <p className="legend" aria-hidden="true">
            <span className="legend__swatch legend__swatch--rising" /> rising
          </p>
        </header>
        {view.error && <p className="notice notice--error">The server refused this view: {view.error}</p>}
        {view.words.length > 0 ? (
          <div className={loading ? 'board__chart board__chart--stale' : 'board__chart'}>
            <TopWordsChart words={view.words} limit={TOP_WORDS_LIMIT} rising={risingSet} onOpenWord={onOpenWord} />
          </div>
        ) : (
          <p className="empty">{loading ? 'Loading…' : 'No posts in this window yet. Words appear here as posts arrive.'}</p>
        )}
      </section>
      <section className="card board__rising" aria-labelledby={risingId}>
        <header className="card__header">
          <h2 id={risingId}>Rising</h2>
          <p className="card__subtitle">Most above their usual level</p>
        </header>
        {rising.error && !rising.words && <p className="notice notice--error">Rising words could not be loaded: {rising.error.message}</p>}
        {rising.words === undefined && !rising.error && <p className="empty">Loading…</p>}
        {rising.words?.length === 0 && <p className="empty">Nothing is rising right now.</p>}
        {rising.words && rising.words.length > 0 && <RisingList words={rising.words} query={query} onOpenWord={onOpenWord} />}
      </section>
      {openWord !== null && <WordSeriesDialog word={openWord} query={query} onClose={onCloseWord} />}
    </div>
  );
}
