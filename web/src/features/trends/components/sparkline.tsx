import type { SeriesPoint } from '@trendstream/contracts/api-types';
import { memo, useMemo } from 'react';

const WIDTH = 88;
const HEIGHT = 28;
const PAD = 2;

/** SVG path of counts scaled into the box: bucket order on x, zero at the bottom, the peak at the top. */
export function sparklinePath(points: readonly SeriesPoint[], width = WIDTH, height = HEIGHT, pad = PAD): string {
  if (points.length < 2) return '';
  const peak = Math.max(1, ...points.map((point) => point.count));
  const step = (width - 2 * pad) / (points.length - 1);
  return points
    .map((point, index) => {
      const x = pad + index * step;
      const y = height - pad - (point.count / peak) * (height - 2 * pad);
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A tiny line of counts per bucket, drawn as one SVG path: eight of these refresh together, and a full chart
 * library per sparkline would cost a frame each time. Decoration only: the list item says the numbers.
 */
export const Sparkline = memo(function Sparkline({ points }: { points: readonly SeriesPoint[] | undefined }) {
  const path = useMemo(() => (points ? sparklinePath(points) : ''), [points]);
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
      {path && <path className="sparkline__line" d={path} />}
    </svg>
  );
});
