/**
 * Synthetic stored counts for the windows benchmark: the (bucket, language, word) totals an hour of posts at a given
 * rate leaves, without counting them first (the serving side is what is measured). Each post holds a few
 * words, most drawn from a Zipf distribution over a per-language vocabulary and some from a huge rare one, so a
 * bucket has frequent words and a long tail, with about the rows per post the sample corpus leaves (0.2 in a 5 s
 * bucket at 1,000 posts/s: 0.75 M rows for the hour).
 */
export interface CountsWorkload {
  /** The first bucket start; buckets run up to `end` (exclusive). */
  start: number;
  end: number;
  bucketMs: number;
  postsPerSecond: number;
  wordsPerPost: number;
  /** Common words per language, Zipf-distributed. */
  vocabulary: number;
  /** Share of words drawn from the rare vocabulary instead. */
  rareShare: number;
  seed: number;
}

const LANGUAGES: ReadonlyArray<[string, number]> = [
  ['en', 0.5],
  ['de', 0.15],
  ['ja', 0.1],
  ['fr', 0.1],
  ['es', 0.1],
  ['pt', 0.05],
];

/** mulberry32: a small seeded generator, so every run stores the same counts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with probability ~ 1/(rank+1) (the continuous approximation of Zipf's law). */
function zipfRank(next: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(next() * Math.log(n + 1)) - 1));
}

/** Rare words: drawn uniformly from a million, so nearly each is new (names, typos, links' words). */
const RARE_VOCABULARY = 1_000_000;

export type CountRowTuple = [bucketStart: number, scope: string, lang: string, word: string, count: number];

/** The rows, one bucket at a time (so a caller can insert as it goes). */
export function* countRows(workload: CountsWorkload): Generator<CountRowTuple[]> {
  const next = random(workload.seed);
  const postsPerBucket = Math.round((workload.postsPerSecond * workload.bucketMs) / 1000);
  for (let bucket = workload.start; bucket < workload.end; bucket += workload.bucketMs) {
    const counts = new Map<string, number>();
    for (let post = 0; post < postsPerBucket; post++) {
      let pick = next();
      let lang = 'en';
      for (const [code, share] of LANGUAGES) {
        if (pick < share) {
          lang = code;
          break;
        }
        pick -= share;
      }
      const words = new Set<string>();
      for (let i = 0; i < workload.wordsPerPost; i++) {
        words.add(
          next() < workload.rareShare ? `r${Math.floor(next() * RARE_VOCABULARY).toString(36)}` : `w${zipfRank(next, workload.vocabulary).toString(36)}`,
        );
      }
      for (const word of words) {
        const key = `${lang}\u0000${word}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    yield [...counts].map(([key, count]) => {
      const [lang = '', word = ''] = key.split('\u0000');
      return [bucket, '', lang, word, count];
    });
  }
}
