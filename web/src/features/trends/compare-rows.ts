import type { SeriesResponse } from '@trendstream/contracts/api-types';

/** One row per bucket time for a multi-line chart: `{ t, s0: count, s1: count, … }`, series in `words` order. */
export type CompareRow = { t: string } & Record<`s${number}`, number | undefined>;

/** The key of the word at `index` in a row; words themselves can hold dots and brackets Recharts would read as paths. */
export function seriesKeyAt(index: number): `s${number}` {
  return `s${index}`;
}

/**
 * Lines up the series of several words by bucket time. Each was fetched on its own, so their windows may end a
 * bucket apart: every time any of them has is kept, and a word without that bucket has no value there.
 */
export function compareRows(words: readonly string[], series: ReadonlyMap<string, SeriesResponse>): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  words.forEach((word, index) => {
    for (const point of series.get(word)?.points ?? []) {
      let row = rows.get(point.t);
      if (!row) {
        row = { t: point.t };
        rows.set(point.t, row);
      }
      row[seriesKeyAt(index)] = point.count;
    }
  });
  return [...rows.values()].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
}

export function totalPosts(response: SeriesResponse | undefined): number | undefined {
  return response?.points.reduce((sum, point) => sum + point.count, 0);
}
