/** What the benchmark reads from the processor's own endpoints while it runs. */

export interface LatencyBuckets {
  /** Upper bounds in seconds, ascending, with the cumulative count of each (Prometheus `le`). */
  bounds: number[];
  cumulative: number[];
}

const LATENCY = 'trendstream_end_to_end_latency_seconds_bucket';

/** The end-to-end latency histogram (`trendstream_end_to_end_latency_seconds`) of a /metrics text. */
export function latencyBuckets(metrics: string): LatencyBuckets {
  const rows: Array<[number, number]> = [];
  for (const match of metrics.matchAll(new RegExp(`^${LATENCY}\\{le="([^"]+)"\\} (\\S+)$`, 'gmu'))) {
    rows.push([match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), Number(match[2])]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return { bounds: rows.map(([bound]) => bound), cumulative: rows.map(([, count]) => count) };
}

export interface LatencyBetween {
  posts: number;
  /** The bucket bound the percentile falls under, in ms (Prometheus resolution: 50, 100, 200, 300, 500, 1000...). */
  p50AtMostMs: number | null;
  p99AtMostMs: number | null;
}

/** The posts observed between two readings of the histogram, and their percentiles to bucket resolution. */
export function latencyBetween(before: LatencyBuckets, after: LatencyBuckets): LatencyBetween {
  const counts = after.cumulative.map((count, i) => count - (before.cumulative[i] ?? 0));
  const total = counts.at(-1) ?? 0;
  const at = (p: number) => {
    if (total === 0) return null;
    const index = counts.findIndex((count) => count >= (p / 100) * total);
    const bound = after.bounds[index];
    return bound === undefined || !Number.isFinite(bound) ? null : Math.round(bound * 1000);
  };
  return { posts: total, p50AtMostMs: at(50), p99AtMostMs: at(99) };
}

/** A gauge's value in a /metrics text (NaN when absent). */
export function gaugeValue(metrics: string, name: string): number {
  return Number(new RegExp(`^${name} (\\S+)$`, 'mu').exec(metrics)?.[1] ?? Number.NaN);
}
