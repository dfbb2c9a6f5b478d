import type { SeriesPoint, TrendWord } from '@trendstream/contracts/api-types';
import { sortTrendWords } from '@trendstream/contracts/trend-delta';
import type { TrendPlan } from '../../src/trends/trend-plan.js';
import { heldScore, rawTrendScore, riseOf } from '../../src/trends/trend-score.js';
import type { BucketRange } from '../../src/windows/buckets.js';
import type { CountChange, IndexFilter } from '../../src/windows/window-index.js';

/** MySQL's `ORDER BY word` under utf8mb4_bin: UTF-8 byte order, which is code point order. */
export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

interface Row {
  scope: string;
  lang: string;
  bucket: number;
  word: string;
  count: number;
}

/**
 * The `word_counts` table and the two SQL queries (test/support/sql-trends.ts), done the slow and obvious way: every answer sums
 * the rows again. What WindowIndex must answer exactly.
 */
export class ReferenceCounts {
  private readonly rows = new Map<string, Row>();
  private expiredBefore = -Infinity;

  apply(changes: Iterable<CountChange>): void {
    for (const { scope, lang, bucketStart, word, count } of changes) {
      if (bucketStart < this.expiredBefore || count === 0) continue;
      const key = JSON.stringify([scope, lang, bucketStart, word]);
      const row = this.rows.get(key);
      // A row reaching 0 stays, as in MySQL: only `HAVING total > 0` hides it.
      if (row) row.count += count;
      else this.rows.set(key, { scope, lang, bucket: bucketStart, word, count });
    }
  }

  count(scope: string, lang: string, bucket: number, word: string): number {
    return this.rows.get(JSON.stringify([scope, lang, bucket, word]))?.count ?? 0;
  }

  expireBefore(cutoff: number): void {
    if (cutoff <= this.expiredBefore) return;
    this.expiredBefore = cutoff;
    for (const [key, row] of this.rows) if (row.bucket < cutoff) this.rows.delete(key);
  }

  /** `queryTrends`: the SQL's top candidates by total (ties in code point order), scored, then its JS ordering. */
  trends(plan: TrendPlan, filter: IndexFilter, limit: number, sort: 'count' | 'score', scoreCandidates = 200): TrendWord[] {
    const totals = new Map<string, number>();
    for (const row of this.matching(filter))
      if (row.bucket >= plan.window.from && row.bucket < plan.window.to) totals.set(row.word, (totals.get(row.word) ?? 0) + row.count);
    const top = [...totals]
      .filter(([, total]) => total > 0)
      .sort(([wordA, totalA], [wordB, totalB]) => totalB - totalA || byUtf8(wordA, wordB))
      .slice(0, sort === 'score' ? Math.max(scoreCandidates, limit) : limit);
    if (top.length === 0) return [];
    // The second query: each candidate's sums over every sample window and baseline (one pass over the rows each).
    const words = new Set(top.map(([word]) => word));
    const sums = plan.samples.map((sample) => ({ window: this.sums(filter, words, sample.window), baseline: this.sums(filter, words, sample.baseline) }));
    const result = top.map(([word, total]): TrendWord => {
      const samples = plan.samples.map((sample, k) => {
        const observed = sums[k]?.window.get(word) ?? 0;
        const baselineTotal = sums[k]?.baseline.get(word) ?? 0;
        return { score: rawTrendScore(observed, baselineTotal, plan.score), ageMs: sample.ageMs, rise: riseOf(observed, baselineTotal, plan.score) };
      });
      const held = heldScore(samples, plan.halfLifeMs);
      return { word, count: total, score: held.score, ...(held.rise ? held.rise : {}) };
    });
    if (sort === 'count') return sortTrendWords(result).slice(0, limit);
    return result.sort((a, b) => b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1)).slice(0, limit);
  }

  /** `queryWordSeries`: one point per bucket of the range, zeros included. */
  series(word: string, range: BucketRange, filter: IndexFilter, bucketMs: number): SeriesPoint[] {
    const points: SeriesPoint[] = [];
    const words = new Set([word]);
    for (let t = range.from; t < range.to; t += bucketMs)
      points.push({ t: new Date(t).toISOString(), count: this.sums(filter, words, { from: t, to: t + bucketMs }).get(word) ?? 0 });
    return points;
  }

  private sums(filter: IndexFilter, words: ReadonlySet<string>, range: BucketRange): Map<string, number> {
    const sums = new Map<string, number>();
    for (const row of this.matching(filter))
      if (words.has(row.word) && row.bucket >= range.from && row.bucket < range.to) sums.set(row.word, (sums.get(row.word) ?? 0) + row.count);
    return sums;
  }

  private *matching(filter: IndexFilter): Generator<Row> {
    for (const row of this.rows.values()) if (row.scope === filter.scope && (filter.lang === undefined || row.lang === filter.lang)) yield row;
  }
}
