import type { CountRow, PostCountRow } from './batch-types.js';

const byKey = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Signed changes to word and post counts, summed per (scope, bucket, language[, word]). Changes that cancel out
 * (an edit that kept a word) leave no row.
 */
export class CountDeltas {
  private readonly words = new Map<string, CountRow>();
  private readonly posts = new Map<string, PostCountRow>();

  add(scope: string, bucketStart: number, lang: string, tokens: readonly string[], sign: 1 | -1): void {
    const postKey = `${scope}\u0000${bucketStart}\u0000${lang}`;
    const postRow = this.posts.get(postKey);
    if (postRow) postRow.posts += sign;
    else this.posts.set(postKey, { scope, bucketStart, lang, posts: sign });
    for (const word of tokens) {
      const key = `${postKey}\u0000${word}`;
      const row = this.words.get(key);
      if (row) row.count += sign;
      else this.words.set(key, { scope, bucketStart, lang, word, count: sign });
    }
  }

  /** In one consistent key order for every writer, so concurrent upserts cannot deadlock. */
  wordRows(): CountRow[] {
    return [...this.words.entries()]
      .filter(([, row]) => row.count !== 0)
      .sort(byKey)
      .map(([, row]) => row);
  }

  postRows(): PostCountRow[] {
    return [...this.posts.entries()]
      .filter(([, row]) => row.posts !== 0)
      .sort(byKey)
      .map(([, row]) => row);
  }
}
