import type { SeriesPoint } from '@trendstream/contracts/api-types';
import { formatClock, formatCount } from '../../lib/format';

export type SeriesSummary = { kind: 'loading'; text: string } | { kind: 'empty'; text: string } | { kind: 'counts'; text: string };

/**
 * The one-line text of a word's series. The server returns every bucket, zeros included, so a word nobody
 * used has a flat line of zeros: that is said in words ("no posts"), not drawn as an empty chart.
 */
export function summarizeSeries(points: readonly SeriesPoint[] | undefined, windowLabel: string): SeriesSummary {
  if (!points) return { kind: 'loading', text: 'Loading the series…' };
  const total = points.reduce((sum, point) => sum + point.count, 0);
  if (total === 0) {
    return {
      kind: 'empty',
      text: `No posts with this word in the last ${windowLabel}. Stopwords (like “the”), links and mentions are never counted.`,
    };
  }
  const peak = points.reduce((best, point) => (point.count > best.count ? point : best), points[0] ?? { t: '', count: 0 });
  const last = points[points.length - 1];
  return {
    kind: 'counts',
    text: `${formatCount(total)} posts in ${points.length} buckets; peak ${formatCount(peak.count)} at ${formatClock(peak.t)}; latest ${formatCount(last?.count ?? 0)}.`,
  };
}
