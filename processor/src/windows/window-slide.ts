import type { BucketRange } from './buckets.js';
import { ALL_LANGS, type ScopeCounts } from './scope-counts.js';
import type { WindowView } from './window-view.js';

/** A scope's views of one window: all languages, and per language id. */
export interface WindowViews {
  all: WindowView | undefined;
  byLang: Array<WindowView | undefined>;
}

export function viewsOf(views: WindowViews): WindowView[] {
  const all: WindowView[] = [];
  if (views.all) all.push(views.all);
  for (const view of views.byLang) if (view) all.push(view);
  return all;
}

export interface WindowMove {
  views: WindowViews;
  previous: BucketRange | undefined;
  range: BucketRange;
}

type Targets = Array<{ views: WindowViews; sign: 1 | -1 }>;

/**
 * Moves a scope's views of several windows at once, by the buckets leaving and entering each (or, when the old and
 * new ranges do not overlap, by loading the new range afresh). Every window ends at the watermark, so the buckets
 * entering (forward) or leaving (back) are the same for all of them: each bucket's cells are read once, whatever
 * the number of windows it moves.
 */
export function slideViews(counts: ScopeCounts, moves: readonly WindowMove[], bucketMs: number, now: number): void {
  const work = new Map<number, Targets>();
  const plan = (views: WindowViews, from: number, to: number, sign: 1 | -1): void => {
    for (let bucket = from; bucket < to; bucket += bucketMs) {
      const targets = work.get(bucket);
      if (targets) targets.push({ views, sign });
      else work.set(bucket, [{ views, sign }]);
    }
  };
  for (const { views, previous, range } of moves) {
    const moved = viewsOf(views);
    if (moved.length === 0) continue;
    for (const view of moved) view.moved(now);
    if (!previous || range.from >= previous.to || previous.from >= range.to) {
      for (const view of moved) view.ranked.clear();
      counts.forEachSum(range.from, range.to, bucketMs, ALL_LANGS, (series, count) => {
        views.all?.ranked.add(series.word, count);
        views.byLang[series.lang]?.ranked.add(series.word, count);
      });
      continue;
    }
    plan(views, previous.from, Math.min(previous.to, range.from), -1);
    plan(views, Math.max(previous.from, range.to), previous.to, -1);
    plan(views, range.from, Math.min(range.to, previous.from), 1);
    plan(views, Math.max(range.from, previous.to), range.to, 1);
  }
  for (const [bucket, targets] of work) addBucket(counts, bucket, targets);
}

/** Adds (sign 1) or takes away (-1) one bucket's counts to or from the views. */
export function addBucket(counts: ScopeCounts, bucket: number, targets: Targets): void {
  for (const series of counts.bucket(bucket)) {
    const count = series.countAt(bucket);
    if (count === 0) continue;
    for (const { views, sign } of targets) {
      views.all?.ranked.add(series.word, sign * count);
      views.byLang[series.lang]?.ranked.add(series.word, sign * count);
    }
  }
}
