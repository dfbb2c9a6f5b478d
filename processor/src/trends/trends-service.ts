import type { SeriesResponse, TrendsResponse } from '@trendstream/contracts/api-types';
import type { OffsetKey } from '../db/count-store.js';
import type { Pool } from '../db/database.js';
import { parseDuration } from '../windows/duration.js';
import { watermark } from '../windows/watermark.js';
import { planTrends, type TrendPlan } from './trend-plan.js';
import { queryProgress, queryTrends, queryWordSeries, type ProgressSummary } from './trends-store.js';

export interface TrendsSettings {
  windows: readonly string[];
  bucketMs: number;
  allowedLatenessMs: number;
  idleAfterMs: number;
  minCount: number;
  offsets: OffsetKey;
}

export interface TrendsQuery {
  window: string;
  limit: number;
  lang?: string;
  tag?: string;
  sort: 'count' | 'score';
}

/** A request for something that does not exist, phrased for the user (HTTP 400). */
export class BadQueryError extends Error {
  readonly statusCode = 400;
}

/** Answers trend questions from MySQL's committed state and the shared watermark, for HTTP and socket.io alike. */
export class TrendsService {
  private readonly windowMs: Map<string, number>;

  constructor(
    private readonly pool: Pool,
    private readonly settings: TrendsSettings,
    private readonly now: () => number,
  ) {
    this.windowMs = new Map(settings.windows.map((name) => [name, parseDuration(name) ?? 0]));
  }

  get windows(): readonly string[] {
    return this.settings.windows;
  }

  windowLength(name: string): number {
    const ms = this.windowMs.get(name);
    if (ms === undefined) throw new BadQueryError(`unknown window "${name}"; use one of ${this.settings.windows.join(', ')}`);
    return ms;
  }

  async progress(): Promise<ProgressSummary & { watermark: number | null }> {
    const progress = await queryProgress(this.pool, this.settings.offsets);
    const mark = watermark({
      maxEventTime: progress.maxEventTime,
      lastAdvanceAt: progress.lastAdvanceAt,
      now: this.now(),
      allowedLatenessMs: this.settings.allowedLatenessMs,
      idleAfterMs: this.settings.idleAfterMs,
    });
    return { ...progress, watermark: mark };
  }

  /** The window (and trend-score samples) ending at the current watermark. */
  private async planFor(window: string, knownWatermark?: number | null): Promise<{ asOf: number; plan: TrendPlan }> {
    const windowMs = this.windowLength(window);
    const mark = knownWatermark === undefined ? (await this.progress()).watermark : knownWatermark;
    const asOf = mark ?? this.now();
    return { asOf, plan: planTrends(asOf, windowMs, this.settings.bucketMs, this.settings.minCount) };
  }

  /** `watermark` lets a caller answering several queries at once read the offsets only once. */
  async trends(query: TrendsQuery, watermark?: number | null): Promise<TrendsResponse> {
    const { asOf, plan } = await this.planFor(query.window, watermark);
    const words = await queryTrends(this.pool, plan, filterOf(query), query.limit, query.sort);
    return {
      window: query.window,
      asOf: new Date(asOf).toISOString(),
      ...(query.lang === undefined ? {} : { lang: query.lang }),
      ...(query.tag === undefined ? {} : { tag: query.tag }),
      words,
    };
  }

  async series(word: string, query: Omit<TrendsQuery, 'limit' | 'sort'>): Promise<SeriesResponse> {
    const { asOf, plan } = await this.planFor(query.window);
    const points = await queryWordSeries(this.pool, word, plan.window, filterOf(query), this.settings.bucketMs);
    return { word, window: query.window, bucketSeconds: this.settings.bucketMs / 1000, asOf: new Date(asOf).toISOString(), points };
  }
}

function filterOf(query: { lang?: string; tag?: string }): { scope: string; lang?: string } {
  return { scope: query.tag ?? '', ...(query.lang === undefined ? {} : { lang: query.lang }) };
}
