import type { SeriesPoint } from '@trendstream/contracts/api-types';
import { useEffect, useId, useMemo, useRef } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCount } from '../../../lib/format';
import type { TrendsQuery } from '../api/trends-api';
import { useWordSeries } from '../hooks/use-word-series';
import { windowLabel } from '../trend-options';

/** The open chart follows the live data closely; one request every few seconds is cheap. */
const DIALOG_REFRESH_MS = 5_000;

export interface WordSeriesDialogProps {
  word: string;
  query: TrendsQuery;
  onClose: () => void;
}

/**
 * A modal dialog with one word's counts per bucket. The native <dialog> traps focus, closes on Escape and
 * gives focus back to the button that opened it.
 */
export function WordSeriesDialog({ word, query, onClose }: WordSeriesDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const summaryId = useId();
  const { series, error } = useWordSeries(word, query, DIALOG_REFRESH_MS);
  const points = series?.points;
  const label = windowLabel(query.window);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const summary = useMemo(() => describe(points), [points]);

  return (
    <dialog ref={dialogRef} className="series-dialog" aria-labelledby={titleId} aria-describedby={summaryId} onClose={onClose}>
      <div className="series-dialog__header">
        <h2 id={titleId}>
          <span dir="auto">“{word}”</span> <span className="series-dialog__window">over the last {label}</span>
        </h2>
        <button type="button" className="button button--ghost" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <p id={summaryId} className="series-dialog__summary" aria-live="polite">
        {error && !points ? `The series could not be loaded: ${error.message}` : summary}
      </p>
      <div className="series-dialog__chart" aria-hidden="true">
        {points && points.length > 0 ? (
          <ResponsiveContainer width="100%" height={260}>
            <AreaChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <defs>
                <linearGradient id="series-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" className="series-dialog__stop-top" />
                  <stop offset="100%" className="series-dialog__stop-bottom" />
                </linearGradient>
              </defs>
              <CartesianGrid vertical={false} className="chart-grid" />
              <XAxis dataKey="t" tickFormatter={formatClock} minTickGap={48} tickLine={false} className="chart-axis" />
              <YAxis allowDecimals={false} width={40} tickLine={false} axisLine={false} className="chart-axis" />
              <Tooltip
                labelFormatter={(label) => (typeof label === 'string' ? formatClock(label) : '')}
                formatter={(value) => [formatCount(Number(value)), 'posts']}
              />
              <Area type="monotone" dataKey="count" isAnimationActive={false} strokeWidth={2} className="series-dialog__area" fill="url(#series-fill)" />
            </AreaChart>
          </ResponsiveContainer>
        ) : (
          <div className="series-dialog__placeholder">{series ? 'No posts in this window yet.' : 'Loading…'}</div>
        )}
      </div>
    </dialog>
  );
}

function describe(points: readonly SeriesPoint[] | undefined): string {
  if (!points) return 'Loading the series…';
  if (points.length === 0) return 'No posts with this word in this window yet.';
  const total = points.reduce((sum, point) => sum + point.count, 0);
  const peak = points.reduce((best, point) => (point.count > best.count ? point : best), points[0] ?? { t: '', count: 0 });
  const last = points[points.length - 1];
  return `${formatCount(total)} posts in ${points.length} buckets; peak ${formatCount(peak.count)} at ${formatClock(peak.t)}; latest ${formatCount(last?.count ?? 0)}.`;
}
