import type { CountChange } from '../src/windows/window-index.js';

/**
 * A synthetic stream at the benchmark's scale, the same for a given seed: words drawn from a Zipf-like
 * distribution over `vocabulary` ranks spread over `LANGS`, a few words frequent in every language and bucket,
 * and a handful of words that start rising in the last minutes.
 */
export const LANGS = ['en', 'de', 'fr', 'es', 'ja', 'pt', 'it', 'nl', 'pl', 'ko'];
const EVERYWHERE = ['ok', 'today', 'news', 'fediverse', 'mastodon'];
export const RISING = Array.from({ length: 20 }, (_, i) => `rising${i}`);

/** mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Vocabulary {
  private readonly cdf: Float64Array;
  private readonly words: string[];

  constructor(size: number, exponent: number) {
    this.cdf = new Float64Array(size);
    this.words = new Array<string>(size);
    let total = 0;
    for (let rank = 0; rank < size; rank += 1) {
      total += 1 / (rank + 1) ** exponent;
      this.cdf[rank] = total;
      this.words[rank] = `${LANGS[rank % LANGS.length] ?? ''}${rank.toString(36)}`;
    }
  }

  /** A rank drawn from the distribution. */
  draw(next: () => number): number {
    const target = next() * (this.cdf[this.cdf.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  word(rank: number): string {
    return this.words[rank] ?? '';
  }

  lang(rank: number): string {
    return LANGS[rank % LANGS.length] ?? '';
  }
}

/**
 * One bucket's word counts: draws until `distinct` (lang, word) entries, each counted as often as it was drawn
 * (`scale` times), plus the everywhere-words in every language.
 */
export function bucketChanges(vocabulary: Vocabulary, next: () => number, bucketStart: number, distinct: number, scale: number): CountChange[] {
  const drawn = new Map<number, number>();
  while (drawn.size < distinct) {
    const rank = vocabulary.draw(next);
    drawn.set(rank, (drawn.get(rank) ?? 0) + 1);
  }
  const changes: CountChange[] = [];
  for (const [rank, count] of drawn) changes.push({ scope: '', lang: vocabulary.lang(rank), bucketStart, word: vocabulary.word(rank), count: count * scale });
  for (const lang of LANGS)
    for (const word of EVERYWHERE) changes.push({ scope: '', lang, bucketStart, word, count: Math.max(1, Math.round((20 + 60 * next()) * scale)) });
  return changes;
}

/** Rising words: absent from their baseline, then more posts in each bucket from `since` on. */
export function risingChanges(bucketStart: number, since: number, bucketMs: number): CountChange[] {
  if (bucketStart < since) return [];
  const age = (bucketStart - since) / bucketMs;
  return RISING.map((word, i) => ({ scope: '', lang: LANGS[i % LANGS.length] ?? '', bucketStart, word, count: 1 + Math.floor(age / (4 * (1 + (i % 5)))) }));
}

/**
 * A live batch of `size` changes around the watermark's bucket, words drawn from the `common` most frequent (so the
 * batch mostly adds to cells that exist, as repeated flushes of one bucket do, and buckets keep their size): 60% in
 * the newest bucket, 30% late within the last minute, 8% late within the last hour, 2% deletes (-1 on an
 * everywhere-word, which every bucket holds).
 */
export function liveBatch(vocabulary: Vocabulary, next: () => number, newest: number, bucketMs: number, size: number, common = 5_000): CountChange[] {
  const changes: CountChange[] = [];
  while (changes.length < size) {
    const roll = next();
    const back = roll < 0.6 ? 0 : roll < 0.9 ? Math.floor(next() * 12) : Math.floor(next() * 720);
    const bucketStart = newest - back * bucketMs;
    if (roll > 0.98) {
      changes.push({ scope: '', lang: LANGS[Math.floor(next() * LANGS.length)] ?? '', bucketStart, word: EVERYWHERE[0] ?? '', count: -1 });
      continue;
    }
    const rank = vocabulary.draw(next);
    if (rank >= common) continue;
    changes.push({ scope: '', lang: vocabulary.lang(rank), bucketStart, word: vocabulary.word(rank), count: 1 });
  }
  return changes;
}
