import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCount } from '../../../lib/format';
import type { TrendsQuery } from '../api/trends-api';
import { useWordSeries } from '../hooks/use-word-series';
import { summarizeSeries } from '../series-summary';
import { windowLabel } from '../trend-options';

/** The open chart follows the live data closely; one request every few seconds is cheap. */
const DIALOG_REFRESH_MS = 5_000;

export interface WordSeriesDialogProps {
  word: string;
  query: TrendsQuery;
  onClose: () => void;
  /** Buttons about this word (compare, mute), shown under the title. */
  actions?: ReactNode;
}

/**
 * A modal dialog with one word's counts per bucket. The native <dialog> traps focus, closes on Escape and
 * gives focus back to the button that opened it.
 */
export function WordSeriesDialog({ word, query, onClose, actions }: WordSeriesDialogProps) {
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

  const summary = useMemo(() => summarizeSeries(points, label), [points, label]);

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
      {actions && <div className="series-dialog__actions">{actions}</div>}
      <p id={summaryId} className="series-dialog__summary" aria-live="polite" data-kind={summary.kind}>
        {error && !points ? `The series could not be loaded: ${error.message}` : summary.text}
      </p>
      <div className="series-dialog__chart" aria-hidden="true">
        {points && summary.kind === 'counts' ? (
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
          <div className="series-dialog__placeholder">{series ? `No posts with “${word}” in the last ${label}.` : 'Loading…'}</div>
        )}
      </div>
    </dialog>
  );
}
