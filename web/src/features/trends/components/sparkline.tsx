import type { SeriesPoint } from '@trendstream/schema/api-types';
import { memo } from 'react';
import { Line, LineChart, YAxis } from 'recharts';

/** A tiny line of counts per bucket; decoration only (the list item says the numbers). */
export const Sparkline = memo(function Sparkline({ points }: { points: readonly SeriesPoint[] | undefined }) {
  if (!points || points.length < 2) return <span className="sparkline sparkline--empty" aria-hidden="true" />;
  return (
    <span className="sparkline" aria-hidden="true">
      <LineChart width={88} height={28} data={points} margin={{ top: 3, right: 2, bottom: 3, left: 2 }} accessibilityLayer={false}>
        <YAxis hide domain={[0, 'dataMax']} />
        <Line type="monotone" dataKey="count" dot={false} strokeWidth={1.75} isAnimationActive={false} className="sparkline__line" />
      </LineChart>
    </span>
  );
});
