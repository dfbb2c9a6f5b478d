import { memo, useId, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCount } from '../../../lib/format';
import type { TrendsQuery } from '../api/trends-api';
import { MAX_COMPARED } from '../compare';
import { compareRows, seriesKeyAt, totalPosts } from '../compare-rows';
import { useWordsSeries } from '../hooks/use-words-series';
import { windowLabel } from '../trend-options';

/** Several lines refresh together; every 10 s keeps it to at most one request per word every 10 s. */
const COMPARE_REFRESH_MS = 10_000;

/** Distinct hues that read on both themes, in the order words were added. */
export const COMPARE_COLOURS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9'] as const;

export interface ComparePanelProps {
  words: readonly string[];
  query: TrendsQuery;
  onRemove: (word: string) => void;
}

/** A few words on one chart, one line each, with a legend; the list under it says the totals and removes words. */
export const ComparePanel = memo(function ComparePanel({ words, query, onRemove }: ComparePanelProps) {
  const headingId = useId();
  const { series, error } = useWordsSeries(words, query, COMPARE_REFRESH_MS);
  const rows = useMemo(() => compareRows(words, series), [words, series]);

  return (
    <section className="card compare" aria-labelledby={headingId}>
      <header className="card__header">
        <h2 id={headingId}>Compare words</h2>
        <p className="card__subtitle">
          posts per bucket, last {windowLabel(query.window)} · up to {MAX_COMPARED} words
        </p>
      </header>
      {error && <p className="notice notice--error">Some series could not be loaded: {error.message}</p>}
      <div className="compare__chart" aria-hidden="true">
        {rows.length > 0 ? (
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid vertical={false} className="chart-grid" />
              <XAxis dataKey="t" tickFormatter={formatClock} minTickGap={48} tickLine={false} className="chart-axis" />
              <YAxis allowDecimals={false} width={40} tickLine={false} axisLine={false} className="chart-axis" />
              <Tooltip labelFormatter={(label) => (typeof label === 'string' ? formatClock(label) : '')} formatter={(value) => formatCount(Number(value))} />
              <Legend />
              {words.map((word, index) => (
                <Line
                  key={word}
                  type="monotone"
                  dataKey={seriesKeyAt(index)}
                  name={word}
                  stroke={COMPARE_COLOURS[index % COMPARE_COLOURS.length]}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <div className="series-dialog__placeholder">Loading…</div>
        )}
      </div>
      <ul className="tag-list compare__words" aria-label="Compared words">
        {words.map((word, index) => {
          const total = totalPosts(series.get(word));
          return (
            <li key={word} className="tag-list__item" data-word={word}>
              <span className="compare__swatch" style={{ background: COMPARE_COLOURS[index % COMPARE_COLOURS.length] }} aria-hidden="true" />
              <span className="tag-list__name" dir="auto">
                {word}
              </span>
              <span className="compare__total">{total === undefined ? '…' : total === 0 ? 'no posts' : `${formatCount(total)} posts`}</span>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={`Remove ${word} from the comparison`}
                onClick={() => onRemove(word)}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
