import type mysql from 'mysql2/promise';
import type { SeriesPoint, TrendWord } from '@trendstream/contracts/api-types';
import { sortTrendWords } from '@trendstream/contracts/trend-delta';
import type { Pool } from '../../src/db/database.js';
import type { TrendPlan } from '../../src/trends/trend-plan.js';
import { heldScore, rawTrendScore, riseOf, type HeldScore } from '../../src/trends/trend-score.js';
import type { BucketRange } from '../../src/windows/buckets.js';

/**
 * The trend queries the processor answered from MySQL before its windows moved into memory (issue 12), kept as
 * the oracle the in-memory windows are compared with on the same data: a SUM over the window's rows in SQL. The rows
 * are the stored counts written out one per (bucket, scope, lang, word) by `materializeWordCounts` (stack.ts).
 */
export interface TrendsFilter {
  scope: string;
  lang?: string;
}

/** Candidates for a score ranking: the most frequent words; a rising word must be frequent to matter. */
const SCORE_CANDIDATES = 200;

/** Top words of a window by count, each with its held trend score. Reads committed state only. */
export async function queryTrends(pool: Pool, plan: TrendPlan, filter: TrendsFilter, limit: number, sort: 'count' | 'score'): Promise<TrendWord[]> {
  const langClause = filter.lang === undefined ? '' : ' AND lang = ?';
  const langArgs = filter.lang === undefined ? [] : [filter.lang];
  const candidates = sort === 'score' ? Math.max(SCORE_CANDIDATES, limit) : limit;
  const [top] = await pool.query<mysql.RowDataPacket[]>(
    `SELECT word, CAST(SUM(post_count) AS SIGNED) AS total FROM oracle_word_counts
     WHERE bucket_start >= ? AND bucket_start < ? AND scope = ?${langClause}
     GROUP BY word HAVING total > 0 ORDER BY total DESC, word LIMIT ?`,
    [plan.window.from, plan.window.to, filter.scope, ...langArgs, candidates],
  );
  if (top.length === 0) return [];
  const words = top.map((row) => String(row.word));
  const sums: string[] = [];
  const sumArgs: number[] = [];
  for (const sample of plan.samples) {
    sums.push('CAST(SUM(CASE WHEN bucket_start >= ? AND bucket_start < ? THEN post_count ELSE 0 END) AS SIGNED)');
    sumArgs.push(sample.window.from, sample.window.to);
    sums.push('CAST(SUM(CASE WHEN bucket_start >= ? AND bucket_start < ? THEN post_count ELSE 0 END) AS SIGNED)');
    sumArgs.push(sample.baseline.from, sample.baseline.to);
  }
  const earliest = Math.min(...plan.samples.map((sample) => sample.baseline.from));
  const [scored] = await pool.query<mysql.RowDataPacket[]>(
    `SELECT word, ${sums.map((sum, i) => `${sum} AS s${i}`).join(', ')} FROM oracle_word_counts
     WHERE bucket_start >= ? AND bucket_start < ? AND scope = ?${langClause} AND word IN (?)
     GROUP BY word`,
    [...sumArgs, earliest, plan.window.to, filter.scope, ...langArgs, words],
  );
  const scores = new Map<string, HeldScore>();
  for (const row of scored) {
    const samples = plan.samples.map((sample, k) => {
      const observed = Number(row[`s${2 * k}`]);
      const baselineTotal = Number(row[`s${2 * k + 1}`]);
      return { score: rawTrendScore(observed, baselineTotal, plan.score), ageMs: sample.ageMs, rise: riseOf(observed, baselineTotal, plan.score) };
    });
    scores.set(String(row.word), heldScore(samples, plan.halfLifeMs));
  }
  const result = top.map((row): TrendWord => {
    const held = scores.get(String(row.word));
    return { word: String(row.word), count: Number(row.total), score: held?.score ?? 0, ...(held?.rise ? held.rise : {}) };
  });
  if (sort === 'count') return sortTrendWords(result).slice(0, limit);
  return result.sort((a, b) => b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1)).slice(0, limit);
}

export async function queryWordSeries(pool: Pool, word: string, range: BucketRange, filter: TrendsFilter, bucketMs: number): Promise<SeriesPoint[]> {
  const langClause = filter.lang === undefined ? '' : ' AND lang = ?';
  const [rows] = await pool.query<mysql.RowDataPacket[]>(
    `SELECT bucket_start, CAST(SUM(post_count) AS SIGNED) AS total FROM oracle_word_counts
     WHERE bucket_start >= ? AND bucket_start < ? AND scope = ? AND word = ?${langClause}
     GROUP BY bucket_start ORDER BY bucket_start`,
    [range.from, range.to, filter.scope, word, ...(filter.lang === undefined ? [] : [filter.lang])],
  );
  const byBucket = new Map(rows.map((row) => [Number(row.bucket_start), Number(row.total)]));
  const points: SeriesPoint[] = [];
  for (let t = range.from; t < range.to; t += bucketMs) points.push({ t: new Date(t).toISOString(), count: byBucket.get(t) ?? 0 });
  return points;
}
