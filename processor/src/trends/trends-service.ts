import type { SeriesResponse, TrendsResponse } from '@trendstream/contracts/api-types';
import type { OffsetKey } from '../db/count-store.js';
import type { Pool } from '../db/database.js';
import type { CountFeed } from '../windows/count-feed.js';
import { parseDuration } from '../windows/duration.js';
import { watermark } from '../windows/watermark.js';
import type { IndexFilter, WindowIndex } from '../windows/window-index.js';
import { RecentlyUsed } from './recently-used.js';
import { queryProgress, type ProgressSummary } from './trends-store.js';

export interface TrendsSettings {
  windows: readonly string[];
  bucketMs: number;
  allowedLatenessMs: number;
  idleAfterMs: number;
  offsets: OffsetKey;
}

export interface TrendsQuery {
  window: string;
  limit: number;
  lang?: string;
  tag?: string;
  sort: 'count' | 'score';
}

/**
 * Window views kept ranked at most. Each (window, tag, language) asked for keeps a running total per word of
 * its scope; without a bound, requests for every language would grow memory without end. The least recently
 * asked view goes first (asking again rebuilds it, in tens of milliseconds); live rooms ask every tick.
 */
const MAX_VIEWS = 64;

export interface LiveAnswers {
  /** The watermark every answer ends at (ISO 8601), as `asOf` in TrendsResponse. */
  asOf: string;
  version(query: Pick<TrendsQuery, 'window' | 'lang' | 'tag'>): string;
  trends(query: TrendsQuery): TrendsResponse;
}

/** A request for something that does not exist, phrased for the user (HTTP 400). */
export class BadQueryError extends Error {
  readonly statusCode = 400;
}

/**
 * Answers trend questions for HTTP and socket.io alike: the counts from the in-memory windows, caught up with
 * every commit made before the question (so every processor instance answers from the same committed state),
 * ending at the watermark read from MySQL's offsets.
 */
export class TrendsService {
  private readonly windowMs: Map<string, number>;
  private readonly viewsUsed = new RecentlyUsed<{ windowMs: number; filter: IndexFilter }>(MAX_VIEWS);

  constructor(
    private readonly pool: Pool,
    private readonly counts: CountFeed<WindowIndex>,
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

  /**
   * The in-memory windows, caught up with every commit so far and moved to the watermark (read from the offsets
   * unless the caller already has it; the read and the catch-up go in parallel).
   */
  private async positioned(knownWatermark?: number | null): Promise<{ asOf: number; index: WindowIndex }> {
    const [mark] = await Promise.all([
      knownWatermark === undefined ? this.progress().then((progress) => progress.watermark) : knownWatermark,
      this.counts.catchUp(),
    ]);
    const asOf = mark ?? this.now();
    const index = this.counts.sink;
    index.moveTo(asOf);
    return { asOf, index };
  }

  /** `watermark` lets a caller answering several queries at once read the offsets only once. */
  async trends(query: TrendsQuery, watermark?: number | null): Promise<TrendsResponse> {
    const { asOf, index } = await this.positioned(watermark);
    return this.answer(index, asOf, query);
  }

  /**
   * For the live rooms' tick: catches up and moves the windows once, then answers any number of rooms without
   * another query. `version` changes whenever a room's answer may have (its data changed or its window moved),
   * so a room whose version is unchanged needs no recomputing.
   */
  async answersAt(watermark: number | null): Promise<LiveAnswers> {
    const { asOf, index } = await this.positioned(watermark);
    // A reload makes a new index whose versions start again: the reload count keeps them distinct.
    const generation = this.counts.reloads;
    return {
      asOf: new Date(asOf).toISOString(),
      version: (query) => {
        const windowMs = this.windowLength(query.window);
        const filter = filterOf(query);
        this.touchView(index, windowMs, filter);
        return `${generation}:${index.version(windowMs, filter)}`;
      },
      trends: (query) => this.answer(index, asOf, query),
    };
  }

  private answer(index: WindowIndex, asOf: number, query: TrendsQuery): TrendsResponse {
    const windowMs = this.windowLength(query.window);
    const filter = filterOf(query);
    this.touchView(index, windowMs, filter);
    return {
      window: query.window,
      asOf: new Date(asOf).toISOString(),
      ...(query.lang === undefined ? {} : { lang: query.lang }),
      ...(query.tag === undefined ? {} : { tag: query.tag }),
      words: index.trends(windowMs, filter, query.limit, query.sort),
    };
  }

  async series(word: string, query: Omit<TrendsQuery, 'limit' | 'sort'>): Promise<SeriesResponse> {
    const windowMs = this.windowLength(query.window);
    const { asOf, index } = await this.positioned();
    const points = index.series(word, windowMs, filterOf(query));
    return { word, window: query.window, bucketSeconds: this.settings.bucketMs / 1000, asOf: new Date(asOf).toISOString(), points };
  }

  private touchView(index: WindowIndex, windowMs: number, filter: IndexFilter): void {
    const evicted = this.viewsUsed.touch(`${windowMs}\u0000${filter.scope}\u0000${filter.lang ?? ''}`, { windowMs, filter });
    if (evicted) index.forget(evicted.windowMs, evicted.filter);
  }
}

function filterOf(query: { lang?: string; tag?: string }): IndexFilter {
  return { scope: query.tag ?? '', ...(query.lang === undefined ? {} : { lang: query.lang }) };
}
