import { useId, useMemo } from 'react';
import { formatClock } from '../../../lib/format';
import { useComparedWords } from '../hooks/use-compared-words';
import { useMutedWords } from '../hooks/use-muted-words';
import { useOpenWord } from '../hooks/use-open-word';
import type { TrendFilters } from '../hooks/use-trend-filters';
import { useRisingWords } from '../hooks/use-rising-words';
import { sameSubscription } from '../live/trends-follower';
import type { TrendsView } from '../live/trends-stream';
import { withoutMuted, type MutedWordsStore } from '../muted-words';
import { LANGUAGES, RISING_LIMIT, TOP_WORDS_LIMIT, windowLabel } from '../trend-options';
import { ComparePanel } from './compare-panel';
import { ExportButtons } from './export-buttons';
import { MutedWordsNote } from './muted-words-note';
import { RisingList } from './rising-list';
import { TopWordsChart } from './top-words-chart';
import { WordActions } from './word-actions';
import { WordLookupForm } from './word-lookup-form';
import { WordSeriesDialog } from './word-series-dialog';

export interface TrendsBoardProps {
  view: TrendsView;
  filters: TrendFilters;
  /** Where this browser keeps its muted words (localStorage, injected). */
  mutedStore: MutedWordsStore;
}

function describeScope(filters: TrendFilters): string {
  const label = windowLabel(filters.window);
  const parts = [`last ${label}`];
  if (filters.lang) parts.push(LANGUAGES.find((option) => option.value === filters.lang)?.label ?? filters.lang);
  if (filters.tag) parts.push(`posts with #${filters.tag}`);
  return parts.join(' · ');
}

/** The live part of the page: word lookup, the top words chart, the rising list, the comparison and the series dialog. */
export function TrendsBoard({ view, filters, mutedStore }: TrendsBoardProps) {
  const topId = useId();
  const risingId = useId();
  const [openWord, onOpenWord, onCloseWord] = useOpenWord();
  const query = useMemo(() => ({ window: filters.window, lang: filters.lang, tag: filters.tag }), [filters.window, filters.lang, filters.tag]);
  const muted = useMutedWords(mutedStore);
  const compared = useComparedWords();
  const rising = useRisingWords(query, RISING_LIMIT, muted.set);
  const risingSet = useMemo(() => new Set(rising.words?.map((entry) => entry.word)), [rising.words]);
  // The socket sends the top 20; muted words are left out here, so the chart may show fewer (docs/dashboard.md).
  const topWords = useMemo(() => withoutMuted(view.words, muted.set), [view.words, muted.set]);

  const loading = view.dataSubscription === null || !sameSubscription(view.dataSubscription, view.subscription);
  const scope = describeScope(filters);
  const exportContext = useMemo(
    () => ({ window: filters.window, asOf: view.asOf, lang: filters.lang, tag: filters.tag }),
    [filters.window, filters.lang, filters.tag, view.asOf],
  );

  return (
    <>
      <div className="board-tools">
        <WordLookupForm onLookUp={onOpenWord} />
        <MutedWordsNote words={muted.words} onUnmute={muted.unmute} />
      </div>
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
          {topWords.length > 0 ? (
            <div className={loading ? 'board__chart board__chart--stale' : 'board__chart'}>
              <TopWordsChart words={topWords} limit={TOP_WORDS_LIMIT} rising={risingSet} onOpenWord={onOpenWord} />
            </div>
          ) : (
            <p className="empty">{loading ? 'Loading…' : 'No posts in this window yet. Words appear here as posts arrive.'}</p>
          )}
          <footer className="card__footer">
            <ExportButtons top={loading ? [] : topWords.slice(0, TOP_WORDS_LIMIT)} rising={loading ? [] : (rising.words ?? [])} context={exportContext} />
          </footer>
        </section>
        <section className="card board__rising" aria-labelledby={risingId}>
          <header className="card__header">
            <h2 id={risingId}>Rising</h2>
            <p className="card__subtitle">Most above their usual rate</p>
          </header>
          {rising.error && !rising.words && <p className="notice notice--error">Rising words could not be loaded: {rising.error.message}</p>}
          {rising.words === undefined && !rising.error && <p className="empty">Loading…</p>}
          {rising.words?.length === 0 && <p className="empty">Nothing is rising right now.</p>}
          {rising.words && rising.words.length > 0 && <RisingList words={rising.words} query={query} onOpenWord={onOpenWord} />}
        </section>
      </div>
      {compared.words.length > 0 && <ComparePanel words={compared.words} query={query} onRemove={compared.remove} />}
      {openWord !== null && (
        <WordSeriesDialog
          word={openWord}
          query={query}
          onClose={onCloseWord}
          actions={
            <WordActions
              word={openWord}
              compared={compared.words}
              muted={muted.set.has(openWord)}
              onCompare={compared.add}
              onUncompare={compared.remove}
              onMute={muted.mute}
              onUnmute={muted.unmute}
            />
          }
        />
      )}
    </>
  );
}
