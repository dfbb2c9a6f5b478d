import type { TrendWord } from '@trendstream/contracts/api-types';
import { memo, useId, useMemo, type CSSProperties } from 'react';
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../../lib/format';

/** Every row is this tall, so the HTML list of words lines up with the bars Recharts draws behind it. */
const ROW_HEIGHT = 28;

export interface TopWordsChartProps {
  words: readonly TrendWord[];
  limit: number;
  /** Words also in the Rising list, drawn in the rising colour. */
  rising: ReadonlySet<string>;
  onOpenWord: (word: string) => void;
}

/**
 * The top words as horizontal bars. The words themselves are an ordered list of buttons (what keyboards,
 * screen readers and clicks use); the Recharts bars behind them are decoration, hidden from assistive tech.
 * Props stay referentially stable between updates, animation is off, and rows are keyed by word, so an
 * update repaints bars in place instead of re-creating the chart.
 */
export const TopWordsChart = memo(function TopWordsChart({ words, limit, rising, onOpenWord }: TopWordsChartProps) {
  const hintId = useId();
  const data = useMemo(() => words.slice(0, limit), [words, limit]);
  const maxCount = data[0]?.count ?? 0;
  const style = { '--row-height': `${ROW_HEIGHT}px`, '--rows': data.length } as CSSProperties;

  return (
    <div className="top-words" style={style}>
      <div className="top-words__bars" aria-hidden="true">
        <ResponsiveContainer width="100%" height={data.length * ROW_HEIGHT}>
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap="24%" accessibilityLayer={false}>
            <XAxis type="number" hide domain={[0, Math.max(1, maxCount)]} />
            <YAxis type="category" dataKey="word" hide />
            <Bar dataKey="count" isAnimationActive={false} radius={[0, 4, 4, 0]} className="top-words__bar">
              {data.map((entry) => (
                <Cell key={entry.word} className={rising.has(entry.word) ? 'bar bar--rising' : 'bar'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ol className="top-words__list" aria-label="Top words">
        {data.map((entry, index) => (
          <li key={entry.word} className="top-words__row" data-word={entry.word} data-count={entry.count}>
            <button type="button" className="top-words__button" onClick={() => onOpenWord(entry.word)} aria-describedby={hintId}>
              <span className="top-words__rank" aria-hidden="true">
                {index + 1}
              </span>
              <span className="top-words__word" dir="auto">
                {entry.word}
              </span>
              <span className="top-words__count">
                {formatCount(entry.count)}
                <span className="sr-only"> posts{rising.has(entry.word) ? ', rising' : ''}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      <p id={hintId} className="sr-only">
        Opens the word&apos;s time series
      </p>
    </div>
  );
});
