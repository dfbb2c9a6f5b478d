import { WordDictionary } from './word-dictionary.js';
import { WordSeries } from './word-series.js';

/** The language filter meaning "every language, summed". */
export const ALL_LANGS = -1;

/**
 * The counts of one scope ("" for all posts, or a followed hashtag), its (bucket, lang, word) totals, two ways:
 * - by word: one `WordSeries` per (language, word), the word's languages linked from the first one;
 * - by bucket: the series holding a cell in each bucket, so a bucket entering or leaving a window, or expiring,
 *   costs what the bucket holds.
 */
export class ScopeCounts {
  /** Keyed by the word itself: one lookup per change, without going through the dictionary. */
  private readonly byWord = new Map<string, WordSeries>();
  private readonly byBucket = new Map<number, WordSeries[]>();
  private seriesCount = 0;
  private cellCount = 0;

  /** Word ids of this scope: dense, so that views can keep their totals in arrays indexed by them. */
  readonly dictionary = new WordDictionary();
  readonly keyOf = (id: number): string => this.dictionary.key(id);

  /** The series of (lang, word), created when absent. */
  seriesFor(word: string, lang: number): WordSeries {
    const first = this.byWord.get(word);
    for (let series = first; series; series = series.next) if (series.lang === lang) return series;
    const created = new WordSeries(this.dictionary.acquire(word), lang);
    this.seriesCount += 1;
    created.next = first;
    this.byWord.set(word, created);
    return created;
  }

  /** Adds to the word's count in one bucket; what a window holding the bucket must add is the same `count`. */
  add(series: WordSeries, bucket: number, count: number, now: number): void {
    if (!series.add(bucket, count, now)) return;
    this.cellCount += 1;
    const column = this.byBucket.get(bucket);
    if (column) column.push(series);
    else this.byBucket.set(bucket, [series]);
  }

  /** The series with a cell in the bucket (any language). */
  bucket(bucket: number): readonly WordSeries[] {
    return this.byBucket.get(bucket) ?? NONE;
  }

  /** The word's series in one language, or in every language for ALL_LANGS. */
  *seriesOf(word: string, lang: number): Generator<WordSeries> {
    for (let series = this.byWord.get(word); series; series = series.next) if (lang === ALL_LANGS || series.lang === lang) yield series;
  }

  /** Sum of the word's counts over [from, to). */
  sum(word: number, lang: number, from: number, to: number): number {
    let total = 0;
    for (let series = this.first(word); series; series = series.next) if (lang === ALL_LANGS || series.lang === lang) total += series.sum(from, to);
    return total;
  }

  /** When any of the word's series (in the language, or any for ALL_LANGS) last changed. */
  changedAt(word: number, lang: number): number {
    let latest = 0;
    for (let series = this.first(word); series; series = series.next)
      if (lang === ALL_LANGS || series.lang === lang) latest = Math.max(latest, series.changedAt);
    return latest;
  }

  /** Bucket starts before `bucket` that hold cells, oldest first. */
  bucketsBefore(bucket: number): number[] {
    const buckets: number[] = [];
    for (const start of this.byBucket.keys()) if (start < bucket) buckets.push(start);
    return buckets.sort((a, b) => a - b);
  }

  /** Forgets the given buckets, all before `cutoff`; series left empty go, and with them their word's id. */
  expire(buckets: readonly number[], cutoff: number, now: number): void {
    for (const bucket of buckets) {
      for (const series of this.bucket(bucket)) {
        const cells = series.size;
        const emptied = series.dropBefore(cutoff, now);
        this.cellCount -= cells - series.size;
        if (emptied) this.remove(series, now);
      }
      this.byBucket.delete(bucket);
    }
  }

  get isEmpty(): boolean {
    return this.byBucket.size === 0;
  }

  /** Stored cells and series (for memory accounting). */
  stats(): { cells: number; series: number; buckets: number; words: number } {
    let cells = 0;
    let series = 0;
    for (const first of this.byWord.values())
      for (let each: WordSeries | undefined = first; each; each = each.next) {
        series += 1;
        cells += each.size;
      }
    return { cells, series, buckets: this.byBucket.size, words: this.dictionary.size };
  }

  /**
   * Calls `take` with the series' sums over [from, to) (in one language, or all), in parts or whole, never 0: by
   * reading the range's buckets, or every series once, whichever reads fewer cells. Loads a view from scratch.
   */
  forEachSum(from: number, to: number, bucketMs: number, lang: number, take: (series: WordSeries, count: number) => void): void {
    const perBucket = this.byBucket.size === 0 ? 0 : this.cellCount / this.byBucket.size;
    if (((to - from) / bucketMs) * perBucket < this.seriesCount) {
      for (let bucket = from; bucket < to; bucket += bucketMs)
        for (const series of this.bucket(bucket)) {
          const count = lang === ALL_LANGS || series.lang === lang ? series.countAt(bucket) : 0;
          if (count !== 0) take(series, count);
        }
      return;
    }
    for (const first of this.byWord.values())
      for (let series: WordSeries | undefined = first; series; series = series.next) {
        const count = lang === ALL_LANGS || series.lang === lang ? series.sumOnce(from, to) : 0;
        if (count !== 0) take(series, count);
      }
  }

  private first(word: number): WordSeries | undefined {
    return this.byWord.get(this.dictionary.word(word));
  }

  private remove(series: WordSeries, now: number): void {
    const word = this.dictionary.word(series.word);
    const first = this.byWord.get(word);
    // The word's sum over all languages changed: what was computed from it must not be reused.
    for (let each = first; each; each = each.next) each.changedAt = now;
    if (first === series) {
      if (series.next) this.byWord.set(word, series.next);
      else this.byWord.delete(word);
    } else {
      for (let each = first; each; each = each.next)
        if (each.next === series) {
          each.next = series.next;
          break;
        }
    }
    this.dictionary.release(series.word);
    this.seriesCount -= 1;
  }
}

const NONE: readonly WordSeries[] = [];
