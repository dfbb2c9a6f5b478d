/**
 * The counts inside the retention horizon, in memory, answering trends and series as the SQL queries did over the
 * same stored counts (`queryTrends`, `queryWordSeries`: trends-store.ts before issue 12, now the oracle in
 * test/support/sql-trends.ts), at a cost proportional to what changed.
 *
 * The contract:
 * - `apply(changes)`: signed changes to (scope, lang, bucketStart, word) totals, as the counting writes them to
 *   MySQL (a post +1 per word, a delete or an edit -1s), in any bucket inside the horizon, in any order. A change to
 *   a bucket already expired is ignored (MySQL no longer holds that bucket either). A total that reaches 0 stays
 *   stored until its bucket expires, as its row does, and shows in no answer (`HAVING total > 0`).
 * - `moveTo(watermark)`: every window ends at the watermark (`windowBuckets` in buckets.ts); it may jump forward or
 *   back by any amount. Costs the buckets entering and leaving the windows, or one window's worth, whichever is less.
 * - `expireBefore(bucketStart)`: forgets buckets before it, as the expiry deletes their rows.
 * - `trends(windowMs, filter, limit, sort)`: exactly `queryTrends(pool, planTrends(watermark, windowMs, bucketMs,
 *   minCount), filter, limit, sort)` over the same rows. The entries are frozen and shared between calls.
 * - `series(word, windowMs, filter)`: exactly `queryWordSeries` over the window's buckets.
 * - `version(windowMs, filter)`: changes whenever those two answers may have (a count in the window or in its score
 *   baselines changed, or the window moved): a caller recomputes only when it differs from what it last saw.
 * Pure: no I/O, no clock; time is the watermark given. Windows are among `windowsMs`; asking before the first
 * `moveTo` is an error. Ties: the candidates are cut in code-point order, as MySQL's utf8mb4_bin does; the final
 * order is queryTrends' own (`sortTrendWords`, and its score sort), which breaks ties with JS `<` (UTF-16 order).
 *
 * How, and what each call costs (n: changes, c: cells in a bucket, w: words of a scope, k: windows):
 * - per scope, the counts by word (scope-counts.ts, word-series.ts: sorted bucket cells, with prefix sums built
 *   lazily for the words whose range sums are asked) and by bucket (the cells each bucket holds);
 * - per (window, scope, language or all) asked for, a view (window-view.ts): totals ranked incrementally
 *   (ranked-counts.ts), the answers and held scores computed since the last change, and the version.
 * - `apply`: O(n · k) (a new cell older than a word's newest: O(log) to find, O(cells of the word) to insert);
 * - `moveTo`: O(c) per bucket entering or leaving, each bucket read once for all windows (window-slide.ts); a jump
 *   past a whole window loads the new range afresh: O(min(window's cells, w));
 * - `expireBefore`: O(cells expired);
 * - `trends`: O(1) when the version has not changed; after changes, O(capacity log capacity) to re-rank (400 words)
 *   and O(log cells) per range sum of the scored words that changed; a scan of the view's w totals when decreases
 *   used up the ranking's slack (ranked-counts.ts); the first call for a (window, filter) builds its view:
 *   O(min(window's cells, w)), as does the first `version` call;
 * - `series`: O(window's buckets + the word's cells in the window).
 * Changes are cheapest in bucket order per word (a snapshot loaded in primary-key order appends every cell).
 */
import type { SeriesPoint, TrendWord } from '@trendstream/contracts/api-types';
import { planTrends, retentionMs, type TrendPlan } from '../trends/trend-plan.js';
import { bucketStart, windowBuckets, type BucketRange } from './buckets.js';
import { ALL_LANGS, ScopeCounts } from './scope-counts.js';
import { heldScoreOf, orderAnswer, SCORE_CANDIDATES, toTrendWord } from './trend-answer.js';
import { addBucket, slideViews, viewsOf, type WindowViews } from './window-slide.js';
import { WindowView } from './window-view.js';

export interface CountChange {
  scope: string;
  lang: string;
  bucketStart: number;
  word: string;
  /** Signed: negative for deletes and edits. */
  count: number;
}

export interface WindowIndexOptions {
  bucketMs: number;
  windowsMs: readonly number[];
  /** The trend score's minimum count (`planTrends`). */
  minCount: number;
  /** Words scored for a score ranking: queryTrends' 200 unless a test asks for fewer. */
  scoreCandidates?: number;
  /** Words each view keeps ranked before it must rescan its totals (ranked-counts.ts): 400 unless a test asks. */
  rankCapacity?: number;
}

export type TrendSort = 'count' | 'score';

/** As the SQL's `TrendsFilter`: scope "" is all posts, a tag scope the posts with a followed hashtag. */
export interface IndexFilter {
  scope: string;
  /** Undefined: every language, summed. */
  lang?: string;
}

interface WindowState {
  windowMs: number;
  /** Where the window is and what its scores sample; unset before the first `moveTo`. */
  at: { range: BucketRange; plan: TrendPlan; scoreFrom: number } | undefined;
}

interface Scope {
  counts: ScopeCounts;
  /** Per window, in the order of `windowsMs`. */
  views: WindowViews[];
}

export class WindowIndex {
  /** How far back counts matter to some window (`retentionMs`): expire before `watermark - horizonMs` or earlier. */
  readonly horizonMs: number;
  private readonly bucketMs: number;
  private readonly minCount: number;
  private readonly scoreCandidates: number;
  private readonly rankCapacity: number;
  private readonly windows: WindowState[];
  private readonly scopes = new Map<string, Scope>();
  private readonly langs = new Map<string, number>();
  /** The change clock: moves on every apply, move and expiry; versions and cache stamps are its readings. */
  private clock = 0;
  private expiredBefore = -Infinity;

  constructor({ bucketMs, windowsMs, minCount, scoreCandidates = SCORE_CANDIDATES, rankCapacity = 2 * SCORE_CANDIDATES }: WindowIndexOptions) {
    if (!Number.isInteger(bucketMs) || bucketMs <= 0) throw new RangeError(`bucketMs must be a positive integer, not ${bucketMs}`);
    if (windowsMs.length === 0 || windowsMs.some((ms) => !(ms > 0)))
      throw new RangeError(`windowsMs must be positive durations, not [${windowsMs.join(', ')}]`);
    this.bucketMs = bucketMs;
    this.minCount = minCount;
    this.scoreCandidates = scoreCandidates;
    this.rankCapacity = rankCapacity;
    this.windows = [...new Set(windowsMs)].map((windowMs) => ({ windowMs, at: undefined }));
    this.horizonMs = retentionMs(windowsMs, bucketMs);
  }

  apply(changes: Iterable<CountChange>): void {
    const now = ++this.clock;
    for (const change of changes) {
      const { bucketStart: bucket, count } = change;
      if (!Number.isInteger(count)) throw new RangeError(`a count change must be an integer, not ${count} (word "${change.word}")`);
      if (bucketStart(bucket, this.bucketMs) !== bucket) throw new RangeError(`bucketStart ${bucket} is not a multiple of the bucket length ${this.bucketMs}`);
      if (count === 0 || bucket < this.expiredBefore) continue;
      const scope = this.scope(change.scope);
      const lang = this.langId(change.lang);
      const series = scope.counts.seriesFor(change.word, lang);
      scope.counts.add(series, bucket, count, now);
      for (let k = 0; k < this.windows.length; k += 1) {
        const at = this.windows[k]?.at;
        const views = scope.views[k];
        if (!at || !views || bucket < at.scoreFrom || bucket >= at.range.to) continue;
        const added = bucket >= at.range.from ? count : 0;
        touch(views.all, series.word, added, now);
        touch(views.byLang[lang], series.word, added, now);
      }
    }
  }

  moveTo(watermark: number): void {
    if (!Number.isFinite(watermark)) throw new RangeError(`a watermark must be a time in epoch ms, not ${watermark}`);
    const now = ++this.clock;
    const moved: Array<{ k: number; previous: BucketRange | undefined; range: BucketRange }> = [];
    for (const [k, window] of this.windows.entries()) {
      const range = windowBuckets(watermark, window.windowMs, this.bucketMs);
      const previous = window.at?.range;
      if (previous?.from === range.from && previous.to === range.to) continue;
      const plan = planTrends(watermark, window.windowMs, this.bucketMs, this.minCount);
      window.at = { range, plan, scoreFrom: Math.min(range.from, ...plan.samples.map((sample) => sample.baseline.from)) };
      moved.push({ k, previous, range });
    }
    if (moved.length === 0) return;
    for (const scope of this.scopes.values()) {
      const moves = moved.flatMap(({ k, previous, range }) => (scope.views[k] ? [{ views: scope.views[k], previous, range }] : []));
      slideViews(scope.counts, moves, this.bucketMs, now);
    }
  }

  expireBefore(cutoff: number): void {
    if (!(cutoff > this.expiredBefore)) return;
    const now = ++this.clock;
    this.expiredBefore = cutoff;
    for (const [name, scope] of this.scopes) {
      const buckets = scope.counts.bucketsBefore(cutoff);
      for (const [k, window] of this.windows.entries()) {
        const views = scope.views[k];
        if (!window.at || !views) continue;
        const { range, scoreFrom } = window.at;
        const held = buckets.filter((bucket) => bucket >= scoreFrom && bucket < range.to);
        if (held.length > 0) for (const view of viewsOf(views)) view.changed(now);
        for (const bucket of held) if (bucket >= range.from) addBucket(scope.counts, bucket, [{ views, sign: -1 }]);
      }
      scope.counts.expire(buckets, cutoff, now);
      if (scope.counts.isEmpty && scope.views.every((views) => viewsOf(views).length === 0)) this.scopes.delete(name);
    }
  }

  trends(windowMs: number, filter: IndexFilter, limit: number, sort: TrendSort): TrendWord[] {
    const k = this.windowIndex(windowMs);
    const { plan } = this.positionOf(k);
    if (limit <= 0) return [];
    const { view, scope } = this.viewFor(k, filter);
    const key = `${sort} ${limit}`;
    const known = view.answer(key);
    if (known) return [...known];
    const candidates = sort === 'score' ? Math.max(this.scoreCandidates, limit) : limit;
    const words = view.ranked.top(candidates).map((id) => {
      let held = view.score(id, scope.counts.changedAt(id, view.lang));
      if (!held) {
        held = heldScoreOf((from, to) => scope.counts.sum(id, view.lang, from, to), plan);
        view.rememberScore(id, held, this.clock, candidates);
      }
      return Object.freeze(toTrendWord(scope.counts.dictionary.word(id), view.ranked.total(id), held));
    });
    const answer = orderAnswer(words, limit, sort);
    view.remember(key, answer);
    return [...answer];
  }

  series(word: string, windowMs: number, filter: IndexFilter): SeriesPoint[] {
    const { range } = this.positionOf(this.windowIndex(windowMs));
    const counts = new Array<number>((range.to - range.from) / this.bucketMs).fill(0);
    const lang = filter.lang === undefined ? ALL_LANGS : this.langs.get(filter.lang);
    const scope = this.scopes.get(filter.scope);
    if (lang !== undefined && scope) for (const series of scope.counts.seriesOf(word, lang)) series.addCountsTo(counts, range.from, range.to, this.bucketMs);
    return counts.map((count, i) => ({ t: new Date(range.from + i * this.bucketMs).toISOString(), count }));
  }

  /** Differs from the last reading whenever `trends` or `series` for (window, filter) may answer differently. */
  version(windowMs: number, filter: IndexFilter): number {
    const k = this.windowIndex(windowMs);
    this.positionOf(k);
    return this.viewFor(k, filter).view.version;
  }

  /** Stops keeping (window, filter) ranked, when nobody follows it any more; asking again rebuilds it. */
  forget(windowMs: number, filter: IndexFilter): void {
    const views = this.scopes.get(filter.scope)?.views[this.windowIndex(windowMs)];
    if (!views) return;
    if (filter.lang === undefined) views.all = undefined;
    else {
      const lang = this.langs.get(filter.lang);
      if (lang !== undefined) views.byLang[lang] = undefined;
    }
  }

  /** What is held, for memory accounting: words, (scope, lang, word) series, stored cells, ranked views. */
  stats(): { words: number; series: number; cells: number; views: number } {
    const totals = { words: 0, series: 0, cells: 0, views: 0 };
    for (const scope of this.scopes.values()) {
      const { series, cells, words } = scope.counts.stats();
      totals.words += words;
      totals.series += series;
      totals.cells += cells;
      for (const views of scope.views) totals.views += viewsOf(views).length;
    }
    return totals;
  }

  private viewFor(k: number, filter: IndexFilter): { view: WindowView; scope: Scope } {
    const scope = this.scope(filter.scope);
    const views = scope.views[k];
    const range = this.windows[k]?.at?.range;
    if (!views || !range) throw new Error(`window ${k} has no position: call moveTo first`);
    const lang = filter.lang === undefined ? ALL_LANGS : this.langId(filter.lang);
    const known = lang === ALL_LANGS ? views.all : views.byLang[lang];
    if (known) return { view: known, scope };
    const view = new WindowView(lang, scope.counts.keyOf, ++this.clock, this.rankCapacity);
    if (lang === ALL_LANGS) views.all = view;
    else views.byLang[lang] = view;
    view.ranked.clear();
    scope.counts.forEachSum(range.from, range.to, this.bucketMs, lang, (series, count) => view.ranked.add(series.word, count));
    return { view, scope };
  }

  private scope(name: string): Scope {
    let scope = this.scopes.get(name);
    if (!scope) {
      scope = { counts: new ScopeCounts(), views: this.windows.map(() => ({ all: undefined, byLang: [] })) };
      this.scopes.set(name, scope);
    }
    return scope;
  }

  private langId(lang: string): number {
    let id = this.langs.get(lang);
    if (id === undefined) {
      id = this.langs.size;
      this.langs.set(lang, id);
    }
    return id;
  }

  private windowIndex(windowMs: number): number {
    const k = this.windows.findIndex((window) => window.windowMs === windowMs);
    if (k < 0) throw new RangeError(`no window of ${windowMs} ms; the index keeps ${this.windows.map((window) => window.windowMs).join(', ')}`);
    return k;
  }

  private positionOf(k: number): { range: BucketRange; plan: TrendPlan } {
    const at = this.windows[k]?.at;
    if (!at) throw new Error('the index has no watermark yet: call moveTo first');
    return at;
  }
}

/** A change in the view's window (`added` its count) or in its score baselines (`added` 0). */
function touch(view: WindowView | undefined, word: number, added: number, now: number): void {
  if (!view) return;
  view.changed(now);
  if (added !== 0) view.ranked.add(word, added);
}
